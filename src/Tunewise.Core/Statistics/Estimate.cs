namespace Tunewise.Statistics;

/// <summary>
/// A point value with its confidence interval, computed from <see cref="N"/> examples.
/// Every metric Tunewise reports travels as an estimate, so nobody reads a number without its uncertainty.
/// </summary>
public sealed record Estimate(double Value, double CiLow, double CiHigh, int N)
{
    /// <summary>The estimate of an empty set: no value and no interval.</summary>
    public static Estimate Empty { get; } = new(double.NaN, double.NaN, double.NaN, 0);

    public bool Contains(double value) => value >= CiLow && value <= CiHigh;

    public double Width => CiHigh - CiLow;
}
