using System.Globalization;
using Tunewise.Results;

namespace Tunewise.Reports;

/// <summary>The report's tables shared by report.md and report.html: what each row says is decided here, once.</summary>
public static class ReportTables
{
    /// <summary>Each counted arm's prompts and training sequences against its model's context, and why an arm was not run.</summary>
    public static ReportTable Context(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var arm in report.Summary.Arms.Where(a => a.Context is not null))
        {
            var c = arm.Context!;
            rows.Add(
            [
                arm.Name,
                c.Model,
                Count(c.ContextTokens) + (c.PromptLimit < c.ContextTokens ? $" (prompt ≤ {Count(c.PromptLimit)})" : ""),
                c.Policy,
                Count(c.Prompts),
                c.Prompts == 0 ? "–" : Count(c.LongestPrompt),
                Count(c.OverLimit),
                Count(c.DemonstrationsDropped),
                Count(c.InputsCut),
                Count(c.Unfit),
                c.TokensPerTrainingExample is { } mean ? mean.ToString("0.#", CultureInfo.InvariantCulture) : "–",
                c.LongestTrainingSequence is { } longest ? Count(longest) : "–",
                c.NotRunReason ?? "–",
            ]);
        }
        return new ReportTable(
            ["arm", "model", "context (tokens)", "truncate", "prompts counted", "longest prompt", "over limit", "fit without demonstrations", "input cut", "do not fit",
                "tokens per training example", "longest training sequence", "not run because"],
            [false, false, true, false, true, true, true, true, true, true, true, true, false], rows);
    }

    /// <summary>How each fine-tuning arm trained: data, tokens per example, steps, why it stopped, the weights kept and the time.</summary>
    public static ReportTable FineTuning(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var arm in report.Summary.Arms.Where(a => a.FineTune is not null))
        {
            var f = arm.FineTune!;
            rows.Add(
            [
                arm.Name,
                f.Method,
                $"{Count(f.TrainExamples)} / " + (f.DevExamples > 0 ? $"{Count(f.DevExamples)} ({ReportText.DevSource(f.DevSource)})" : "none"),
                arm.Context?.TokensPerTrainingExample is { } mean ? mean.ToString("0.#", CultureInfo.InvariantCulture) : "–",
                $"{Count(f.Steps)} / " + (f.PlannedSteps > 0 ? Count(f.PlannedSteps) : "–"),
                ReportText.StopReason(f.StopReason),
                ReportText.KeptWeights(f),
                Seconds(f.TrainingSeconds),
            ]);
        }
        return new ReportTable(
            ["arm", "method", "train / dev examples", "tokens per training example", "steps done / planned", "stopped by", "weights kept (best dev step)", "time"],
            [false, false, true, true, true, false, false, true], rows);
    }

    /// <summary>Where each counted model's window comes from and how its tokens were counted, once per model.</summary>
    public static string ContextSources(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Join("; ", report.Summary.Arms.Where(a => a.Context is not null)
            .Select(a => $"{a.Context!.Model}: {a.Context.Source}, counted with {a.Context.Counter}").Distinct(StringComparer.Ordinal));
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

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
