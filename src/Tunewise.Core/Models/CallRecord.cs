namespace Tunewise.Models;

/// <summary>
/// One logical model call as the caller saw it: tokens, dollars, latency, cache and retry facts,
/// or the error it ended with. Retries and hedged duplicates never produce extra records.
/// </summary>
public sealed record CallRecord
{
    /// <summary>The model reference id, e.g. <c>openai:gpt-4o-mini</c>.</summary>
    public required string Model { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public TimeSpan Latency { get; init; }

    public long InputTokens { get; init; }

    /// <summary>Input tokens served from the provider's prompt cache (part of <see cref="InputTokens"/>).</summary>
    public long CachedInputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>True when the provider reported no usage and the counts come from the o200k tokenizer.</summary>
    public bool UsageEstimated { get; init; }

    /// <summary>Dollars charged; 0 for a response-cache hit; null when the model has no known price.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Served from Tunewise's response cache; nothing was sent and nothing was paid.</summary>
    public bool CacheHit { get; init; }

    /// <summary>Requests sent to the provider for this call (0 for a cache hit or a refused call).</summary>
    public int Attempts { get; init; }

    /// <summary>Duplicates sent by hedging in the final attempt; only the winner's usage is counted above.</summary>
    public int HedgedRequests { get; init; }

    public ModelCallErrorKind? Error { get; init; }

    public string? ErrorMessage { get; init; }

    public bool Succeeded => Error is null;
}
