using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

public static class ConcurrencyLimitChatClientBuilderExtensions
{
    public static ChatClientBuilder UseConcurrencyLimit(this ChatClientBuilder builder, SemaphoreSlim slots) =>
        builder.Use(inner => new ConcurrencyLimitChatClient(inner, slots));

    public static ChatClientBuilder UseConcurrencyLimit(this ChatClientBuilder builder, int maxConcurrentCalls) =>
        builder.UseConcurrencyLimit(new SemaphoreSlim(maxConcurrentCalls, maxConcurrentCalls));
}
