using System.Globalization;
using Tunewise.Results;

namespace Tunewise.Reports;

/// <summary>How the text renderings (Markdown, JUnit, the console table) write a measured figure.</summary>
public static class ReportText
{
    /// <summary>A metric as <c>0.850 [0.800, 0.900] n=200</c>, or <c>– n=0</c> when it has no value.</summary>
    public static string Metric(MetricEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return estimate.Value is { } value ? $"{Score(value)} [{Score(estimate.CiLow)}, {Score(estimate.CiHigh)}] n={estimate.N}" : $"– n={estimate.N}";
    }

    /// <summary>A score to three decimals, or <c>–</c> when there is none.</summary>
    public static string Score(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";
}
