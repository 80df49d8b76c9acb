namespace Tunewise.Models.Middleware;

/// <summary>
/// How an <see cref="AdaptiveTimeout"/> follows latency. The defaults are what a study uses for every model behind a
/// network endpoint: 4 × the p95 of the last 200 successful calls, never below 1 s nor above 10 minutes, and 10 minutes
/// (the HTTP client's own limit) until 20 calls have succeeded, so a model that is slow from the start (a reasoning model,
/// a server loading its weights) is learned, not cut. A floor above those values wins. For an endpoint whose p95 is above
/// 250 ms the timeout is purely adaptive; the floor keeps a fast local server's replies from being cut by a scheduling or
/// GC pause on a busy machine, where each cut would cost a duplicate request.
/// </summary>
public sealed record AdaptiveTimeoutOptions
{
    /// <summary>Never time out sooner than this, however fast recent calls were.</summary>
    public TimeSpan Floor { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout until <see cref="MinSamples"/> calls have succeeded.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan Ceiling { get; init; } = TimeSpan.FromMinutes(10);

    public double Multiplier { get; init; } = 4;

    public int MinSamples { get; init; } = 20;

    /// <summary>How many recent successes the p95 is taken over.</summary>
    public int Window { get; init; } = 200;
}
