using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

public static class HedgingChatClientBuilderExtensions
{
    public static ChatClientBuilder UseHedging(this ChatClientBuilder builder, HedgingOptions options) =>
        builder.Use(inner => new HedgingChatClient(inner, options));
}
