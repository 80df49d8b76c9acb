using Tunewise.Statistics;

namespace Tunewise.Results;

/// <summary>A metric with its 95% bootstrap CI over <see cref="N"/> examples; a value that is not finite is null, so JSON stays valid.</summary>
public sealed record MetricEstimate(double? Value, double? CiLow, double? CiHigh, int N)
{
    public static MetricEstimate From(Estimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return new(Finite(estimate.Value), Finite(estimate.CiLow), Finite(estimate.CiHigh), estimate.N);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
