using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

public static class TimeoutChatClientBuilderExtensions
{
    /// <summary>Per-attempt timeout that adapts to observed latency; pass a shared <see cref="AdaptiveTimeout"/> per endpoint.</summary>
    public static ChatClientBuilder UseTimeout(this ChatClientBuilder builder, AdaptiveTimeout timeout) =>
        builder.Use(inner => new TimeoutChatClient(inner, timeout));

    /// <summary>Per-attempt timeouts that adapt to observed latency, one per latency group (a study's arm).</summary>
    public static ChatClientBuilder UseTimeout(this ChatClientBuilder builder, AdaptiveTimeoutGroups timeouts) =>
        builder.Use(inner => new TimeoutChatClient(inner, timeouts));
}
