using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

public static class RetryChatClientBuilderExtensions
{
    public static ChatClientBuilder UseRetry(this ChatClientBuilder builder, RetryOptions? options = null) =>
        builder.Use(inner => new RetryChatClient(inner, options ?? new RetryOptions()));
}
