using Tunewise.Statistics;

namespace Tunewise.Evaluation.Running;

/// <summary>A metric with its 95% bootstrap CI; NaN becomes null so JSON stays valid.</summary>
public sealed record MetricValue(double? Value, double? CiLow, double? CiHigh, int N)
{
    public static MetricValue From(Estimate estimate) =>
        new(Finite(estimate.Value), Finite(estimate.CiLow), Finite(estimate.CiHigh), estimate.N);

    internal static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
