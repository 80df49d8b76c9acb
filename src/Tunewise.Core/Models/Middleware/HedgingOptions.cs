namespace Tunewise.Models.Middleware;

public sealed record HedgingOptions
{
    /// <summary>Wait this long for the first reply before sending a duplicate.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When set and warmed up, its p95 latency replaces <see cref="Delay"/>: hedge only the slowest 5%.</summary>
    public AdaptiveTimeout? Latency { get; init; }

    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Duplicates per attempt, beyond the first request.</summary>
    public int MaxHedgedRequests { get; init; } = 1;
}
