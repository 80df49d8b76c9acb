using System.Globalization;

namespace Tunewise.Reports;

/// <summary>One gate checked on one arm: the measured value (null when not measured) and whether it passed.</summary>
public sealed record GateOutcome(MetricGate Gate, string Arm, double? Measured, bool Passed)
{
    /// <summary>The sentence for the console and junit.xml.</summary>
    public string Message
    {
        get
        {
            var shown = Measured is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "not measured";
            var relation = Passed ? "≥" : "<";
            return $"arm {Arm} {Gate.Metric} = {shown} {relation} {Gate.Threshold.ToString(CultureInfo.InvariantCulture)}";
        }
    }
}
