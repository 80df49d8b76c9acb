namespace Tunewise.Models.Middleware;

public sealed record AdaptiveTimeoutOptions
{
    /// <summary>Never time out sooner than this, however fast recent calls were.</summary>
    public TimeSpan Floor { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout until <see cref="MinSamples"/> calls have succeeded.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan Ceiling { get; init; } = TimeSpan.FromSeconds(300);

    public double Multiplier { get; init; } = 4;

    public int MinSamples { get; init; } = 20;

    /// <summary>How many recent successes the p95 is taken over.</summary>
    public int Window { get; init; } = 200;
}
