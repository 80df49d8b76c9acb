namespace Tunewise.FakeOpenAI;

/// <summary>
/// How often <see cref="FaultyOpenAIServer"/> misbehaves. Rates are per request and independent of
/// timing: the fault for a request depends only on the seed, the logical call and the attempt number.
/// </summary>
public sealed record FaultProfile
{
    public int Seed { get; init; } = 7;

    public double RateLimitRate { get; init; }

    public double ServerErrorRate { get; init; }

    public double UnavailableRate { get; init; }

    /// <summary>Replies that stall for <see cref="SlowDelay"/>, beyond the client's timeout.</summary>
    public double SlowRate { get; init; }

    /// <summary>Status 200 with a JSON body cut in half.</summary>
    public double TruncatedRate { get; init; }

    /// <summary>The connection is aborted before any response.</summary>
    public double DropRate { get; init; }

    /// <summary>Share of logical calls that always fail with 400 (a permanent fault, never retried into success).</summary>
    public double PermanentFailureRate { get; init; }

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When set, requests must carry this bearer key or get 401.</summary>
    public string? RequiredApiKey { get; init; }

    /// <summary>When set, other model names get 404.</summary>
    public IReadOnlyCollection<string>? KnownModels { get; init; }

    /// <summary>Leave usage out of responses, as some servers do.</summary>
    public bool OmitUsage { get; init; }

    public double TransientRate => RateLimitRate + ServerErrorRate + UnavailableRate + SlowRate + TruncatedRate + DropRate;

    public static FaultProfile None { get; } = new();

    /// <summary>Transient faults at <paramref name="rate"/> in total, spread over all six kinds.</summary>
    public static FaultProfile Mixed(double rate, int seed = 7, double permanentRate = 0) => new()
    {
        Seed = seed,
        RateLimitRate = rate * 0.25,
        ServerErrorRate = rate * 0.15,
        UnavailableRate = rate * 0.15,
        SlowRate = rate * 0.15,
        TruncatedRate = rate * 0.15,
        DropRate = rate * 0.15,
        PermanentFailureRate = permanentRate,
    };
}
