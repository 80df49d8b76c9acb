namespace Tunewise.Statistics;

/// <summary>Settings of a paired comparison: significance level, target power and the bootstrap behind the interval.</summary>
public sealed record PairedComparisonOptions
{
    public static PairedComparisonOptions Default { get; } = new();

    /// <summary>Two-sided significance level; the interval has confidence 1 − Alpha.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Power at which the minimum detectable effect is stated.</summary>
    public double Power { get; init; } = 0.8;

    public int Resamples { get; init; } = 10_000;

    public ulong Seed { get; init; } = 13;

    /// <summary>False for metrics where lower is better (latency, cost, error rate).</summary>
    public bool HigherIsBetter { get; init; } = true;

    internal BootstrapOptions Bootstrap => new() { Resamples = Resamples, Seed = Seed, Confidence = 1 - Alpha };

    internal void Validate()
    {
        if (!(Alpha > 0 && Alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must lie strictly between 0 and 1, e.g. 0.05.");
        if (!(Power > 0 && Power < 1))
            throw new ArgumentOutOfRangeException(nameof(Power), Power, "Power must lie strictly between 0 and 1, e.g. 0.8.");
        Bootstrap.Validate();
    }
}
