using Microsoft.Extensions.AI;

namespace Tunewise.Economics;

/// <summary>
/// Tokens used, per query or in total. <see cref="CachedInputTokens"/> is the part of
/// <see cref="InputTokens"/> served from the provider's prompt cache, as in <see cref="UsageDetails"/>.
/// </summary>
public sealed record TokenUsage(double InputTokens, double OutputTokens, double CachedInputTokens = 0)
{
    public static TokenUsage Zero { get; } = new(0, 0);

    public static TokenUsage From(UsageDetails? usage) => usage is null
        ? Zero
        : new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0);

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens, a.CachedInputTokens + b.CachedInputTokens);

    /// <summary>The average per query of a total over <paramref name="queries"/> queries.</summary>
    public TokenUsage PerQuery(int queries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queries);
        return new TokenUsage(InputTokens / queries, OutputTokens / queries, CachedInputTokens / queries);
    }
}
