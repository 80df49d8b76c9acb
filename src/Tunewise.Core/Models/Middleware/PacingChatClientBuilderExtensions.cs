using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

public static class PacingChatClientBuilderExtensions
{
    public static ChatClientBuilder UsePacing(this ChatClientBuilder builder, RequestPacer pacer) =>
        builder.Use(inner => new PacingChatClient(inner, pacer));
}
