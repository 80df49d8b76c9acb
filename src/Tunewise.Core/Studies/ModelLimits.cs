namespace Tunewise.Studies;

/// <summary>
/// How hard a study may drive one model (its <c>limits:</c> map): the provider account's rate limits, so calls wait
/// instead of collecting 429s; a cap on calls in flight; and the floor of the adaptive per-attempt timeout, for a local
/// server whose replies are fast but whose machine is busy. Every value is optional.
/// </summary>
public sealed record ModelLimits
{
    public double? RequestsPerMinute { get; init; }

    public double? TokensPerMinute { get; init; }

    /// <summary>At most this many calls to the model in flight, across all arms, below the run's --concurrency.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The adaptive timeout never cuts an attempt sooner than this (default 1 s).</summary>
    public TimeSpan? TimeoutFloor { get; init; }
}
