namespace Tunewise.Statistics;

/// <summary>How a percentile bootstrap is run. The same seed gives the same interval on every machine.</summary>
public sealed record BootstrapOptions
{
    public static BootstrapOptions Default { get; } = new();

    public int Resamples { get; init; } = 10_000;

    public double Confidence { get; init; } = 0.95;

    public ulong Seed { get; init; } = 13;

    internal void Validate()
    {
        if (Resamples < 1)
            throw new ArgumentOutOfRangeException(nameof(Resamples), Resamples, "A bootstrap needs at least one resample.");
        if (!(Confidence > 0 && Confidence < 1))
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Confidence must lie strictly between 0 and 1, e.g. 0.95.");
    }
}
