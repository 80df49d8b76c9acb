using System.Collections.Concurrent;

namespace Tunewise.Models.Middleware;

/// <summary>
/// One <see cref="AdaptiveTimeout"/> per latency group, all with the same options. A study's arms are the groups: arms on
/// one model differ in prompt and answer length (a chain-of-thought arm answers at length, a classification arm in one
/// word), so a timeout learned from one would cut the other's ordinary replies. Calls without a group share one timeout.
/// </summary>
public sealed class AdaptiveTimeoutGroups(AdaptiveTimeoutOptions options)
{
    private readonly ConcurrentDictionary<string, AdaptiveTimeout> _groups = new(StringComparer.Ordinal);

    public AdaptiveTimeoutOptions Options { get; } = options;

    /// <summary>The timeout of <paramref name="group"/>, created on first use.</summary>
    public AdaptiveTimeout For(string? group) => _groups.GetOrAdd(group ?? "", _ => new AdaptiveTimeout(Options));
}
