using System.Globalization;
using Tunewise.Results;

namespace Tunewise.Reports;

/// <summary>The report's tables shared by report.md and report.html: what each row says is decided here, once.</summary>
public static class ReportTables
{
    /// <summary>The forecast of each large fine-tuning training set: the subsets measured on dev, the prediction and the full model's dev score.</summary>
    public static ReportTable Forecast(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var arm in report.Summary.Arms.Where(a => a.Forecast is not null))
        {
            var f = arm.Forecast!;
            rows.Add(
            [
                arm.Name,
                f.Metric,
                f.Points.Count == 0 ? "–" : string.Join("; ", f.Points.Select(p => $"{p.TrainExamples.ToString(CultureInfo.InvariantCulture)}: {Point(p)}")),
                Seconds(f.TrainingSeconds),
                f.Prediction is { Predicted: { } predicted } prediction
                    ? $"{ReportText.Score(predicted)} at {prediction.TrainExamples.ToString(CultureInfo.InvariantCulture)} ({prediction.Strength})"
                    : f.Prediction?.Note ?? "–",
                f.Measured is { } measured ? $"{Point(measured)} at {measured.TrainExamples.ToString(CultureInfo.InvariantCulture)}" : "not trained yet",
                f.Prediction is { Predicted: { } p } && f.Measured?.Value is { } m ? Signed(m - p) : "–",
            ]);
        }
        return new ReportTable(
            ["arm", "metric", "subsets on dev (95% CI)", "subset training", "predicted before full training", "measured on dev after it", "measured − predicted"],
            [false, false, false, true, true, true, true], rows);
    }

    internal static string Point(LearningCurvePoint point) =>
        point.Value is { } value ? $"{ReportText.Score(value)} [{ReportText.Score(point.CiLow)}, {ReportText.Score(point.CiHigh)}]" : "–";

    internal static string Seconds(double seconds) => seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";

    private static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("0.000", CultureInfo.InvariantCulture);
}
