using System.Globalization;
using Tunewise.Results;

namespace Tunewise.Reports;

/// <summary>
/// A <c>--fail-under METRIC=VALUE</c> gate: every arm that ran must reach <see cref="Threshold"/> on
/// <see cref="Metric"/> (its point value). The CLI's exit code and junit.xml read the same check.
/// </summary>
public sealed record MetricGate(string Metric, double Threshold)
{
    public const string Option = "--fail-under";

    /// <summary>Parses METRIC=VALUE; on failure <paramref name="error"/> names the option and the value given.</summary>
    public static bool TryParse(string? text, out MetricGate? gate, out string? error)
    {
        gate = null;
        error = null;
        var parts = (text ?? "").Split('=', 2);
        var metric = parts[0].Trim();
        if (parts.Length != 2 || metric.Length == 0)
        {
            error = $"{Option} expects METRIC=VALUE, e.g. accuracy=0.9; got '{text}'";
            return false;
        }
        if (!double.TryParse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold))
        {
            error = $"{Option} {text}: '{parts[1]}' is not a number; expected METRIC=VALUE, e.g. accuracy=0.9";
            return false;
        }
        gate = new MetricGate(metric, threshold);
        return true;
    }

    /// <summary>Parses every value, or throws <see cref="FormatException"/> with the first problem.</summary>
    public static IReadOnlyList<MetricGate> ParseAll(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Select(v => TryParse(v, out var gate, out var error) ? gate! : throw new FormatException(error)).ToList();
    }

    /// <summary>The first problem among <paramref name="values"/>, or null when every one parses.</summary>
    public static string? FirstError(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            if (!TryParse(value, out _, out var error))
                return error;
        }
        return null;
    }

    /// <summary>Whether an arm's measured value meets the gate; an arm that did not measure the metric fails.</summary>
    public GateOutcome Check(ArmSummary arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var measured = arm.Metrics.TryGetValue(Metric, out var m) ? m.Value : null;
        return new GateOutcome(this, arm.Name, measured, measured is { } v && v >= Threshold);
    }

    /// <summary>Every gate against every arm that ran, in gate then arm order.</summary>
    public static IReadOnlyList<GateOutcome> CheckAll(StudyReport report, IEnumerable<MetricGate> gates)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(gates);
        return [.. gates.SelectMany(g => report.Summary.Arms.Where(a => a.Status != "not_run").Select(g.Check))];
    }

    public override string ToString() => $"{Metric} ≥ {Threshold.ToString(CultureInfo.InvariantCulture)}";
}
