using System.Text.Json;
using Tunewise.Results;
using Tunewise.Serialization;
using Tunewise.Reports.Charts;

namespace Tunewise.Reports;

/// <summary>
/// Reads measurements report.json may carry beyond the typed fields: learning curves and forgetting deltas,
/// at the top level (keyed by arm) or on each arm. Shapes are read leniently; anything unreadable is left out.
/// </summary>
internal static class ExtraMeasurements
{
    public const string LearningCurveField = "learning_curve";
    public const string ForgettingField = "forgetting";

    private static readonly string[] XFields = ["train_examples", "examples", "size", "n_train", "steps", "step", "epoch", "x"];
    private static readonly string[] YFields = ["value", "score", "metric", "y"];

    public static IReadOnlyList<LineChart.Series> LearningCurves(StudyReport report) =>
        [
            .. report.Summary.Arms.Where(a => a.LearningCurve is { Count: > 0 })
                .Select(a => new LineChart.Series(a.Name, a.LearningCurve!.Where(p => p.Value is not null).Select(p => ((double)p.TrainExamples, p.Value!.Value)).ToList())),
            .. PerArm(report, LearningCurveField).Select(p => new LineChart.Series(p.Arm, Points(p.Value))).Where(s => s.Points.Count > 0),
        ];

    /// <summary>Training loss per optimizer step of each fine-tuned arm.</summary>
    public static IReadOnlyList<LineChart.Series> TrainingLoss(StudyReport report) =>
        [.. report.Summary.Arms.Where(a => a.FineTune is { LossCurve.Count: > 1 })
            .Select(a => new LineChart.Series(a.Name, a.FineTune!.LossCurve.Select((loss, step) => ((double)step + 1, loss)).ToList()))];

    public static IReadOnlyList<IntervalChart.Row> ForgettingDeltas(StudyReport report)
    {
        var rows = new List<IntervalChart.Row>();
        foreach (var arm in report.Summary.Arms)
        {
            if (arm.FineTune?.Forgetting is { } f)
                rows.Add(new IntervalChart.Row(arm.Name, f.Delta, f.CiLow, f.CiHigh));
        }
        foreach (var (arm, value) in PerArm(report, ForgettingField))
        {
            if (Delta(value) is { } delta)
            {
                rows.Add(new IntervalChart.Row(arm, delta.Value, delta.Low, delta.High));
                continue;
            }
            // One delta per general-capability suite.
            var suites = value.ValueKind == JsonValueKind.Object
                ? value.EnumerateObject().Select(p => (Name: p.Name, Value: p.Value))
                : value.ValueKind == JsonValueKind.Array
                    ? value.EnumerateArray().Select(e => (Name: JsonFields.String(e, "suite") ?? JsonFields.String(e, "name") ?? "suite", Value: e))
                    : [];
            foreach (var (suite, element) in suites)
            {
                if (Delta(element) is { } d)
                    rows.Add(new IntervalChart.Row($"{arm} · {suite}", d.Value, d.Low, d.High));
            }
        }
        return rows;
    }

    private static IEnumerable<(string Arm, JsonElement Value)> PerArm(StudyReport report, string field)
    {
        foreach (var arm in report.Summary.Arms)
        {
            if (arm.Extensions?.TryGetValue(field, out var value) == true)
                yield return (arm.Name, value);
        }
        if (report.Summary.Extensions?.TryGetValue(field, out var top) != true)
            yield break;
        if (top.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in top.EnumerateObject())
                yield return (property.Name, property.Value);
        }
        else if (top.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in top.EnumerateArray())
            {
                if (JsonFields.String(item, "arm") is { } arm)
                    yield return (arm, item.TryGetProperty("points", out var points) ? points : item.TryGetProperty("suites", out var suites) ? suites : item);
            }
        }
    }

    private static List<(double X, double Y)> Points(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("points", out var inner))
            value = inner;
        if (value.ValueKind != JsonValueKind.Array)
            return [];
        var points = new List<(double, double)>();
        foreach (var point in value.EnumerateArray())
        {
            var x = XFields.Select(f => Number(point, f)).FirstOrDefault(n => n is not null);
            var y = YFields.Select(f => Number(point, f)).FirstOrDefault(n => n is not null);
            if (x is { } px && y is { } py)
                points.Add((px, py));
        }
        return points;
    }

    private static (double Value, double? Low, double? High)? Delta(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
            return (value.GetDouble(), null, null);
        if (value.ValueKind != JsonValueKind.Object)
            return null;
        if (value.TryGetProperty("delta", out var delta))
            return Delta(delta);
        if (Number(value, "before") is { } before && Number(value, "after") is { } after)
            return (after - before, null, null);
        if (Number(value, "value") is { } v)
            return (v, Number(value, "ci_low"), Number(value, "ci_high"));
        return null;
    }

    /// <summary>A number field, or the "value" of an estimate object in that field.</summary>
    private static double? Number(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(field, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Number)
            return value.GetDouble();
        return value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var inner) && inner.ValueKind == JsonValueKind.Number ? inner.GetDouble() : null;
    }
}
