namespace Tunewise.Results;

/// <summary>A paired comparison of two arms on one metric over the examples both scored.</summary>
public sealed record ComparisonSummary(
    string ArmA,
    string ArmB,
    string Metric,
    MetricEstimate Difference,
    double PValue,
    double? AdjustedPValue,
    string Test,
    string Verdict,
    string Summary);
