namespace Tunewise.Evaluation.Running;

/// <summary>A paired comparison of two arms on one metric over the examples both scored.</summary>
public sealed record ComparisonReport(
    string ArmA,
    string ArmB,
    string Metric,
    MetricValue Difference,
    double PValue,
    double? AdjustedPValue,
    string Test,
    string Verdict,
    string Summary);
