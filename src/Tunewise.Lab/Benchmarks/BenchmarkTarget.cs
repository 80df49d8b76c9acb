namespace Tunewise.Lab.Benchmarks;

/// <summary>A measured ratio against the target it should reach.</summary>
/// <param name="AtLeast">True when the ratio must reach the threshold; false when it must stay at or below it.</param>
public sealed record BenchmarkTarget(string Name, double Ratio, double Threshold, bool AtLeast)
{
    public bool Passed => AtLeast ? Ratio >= Threshold : Ratio <= Threshold;
}
