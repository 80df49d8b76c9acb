using System.Globalization;
using System.Text;
using System.Text.Json;
using Tunewise.Decision;
using Tunewise.Statistics;

namespace Tunewise.Reports.Exporters;

/// <summary>report.md: the arms table, retrieval, wrong answers by cause, paired comparisons, robustness and the decision.</summary>
public sealed class MarkdownReportExporter : IReportExporter
{
    public const string FileName = "report.md";

    public static MarkdownReportExporter Default { get; } = new();

    public string Name => "md";

    public IEnumerable<ExportedFile> Export(ReportExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        yield return new ExportedFile(FileName, Render(export.Report));
    }

    public static string Render(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = report.Summary.Arms.SelectMany(a => a.Metrics.Keys).Distinct().ToList();
        var md = new StringBuilder();
        md.Append("# ").Append(report.Summary.Study).Append("\n\n");
        md.Append("Test set: ").Append(report.Summary.TestExamples).Append(" examples, hash `").Append(report.Summary.TestHash).Append("`.\n");
        if (report.Summary.Requirement is { } req)
            md.Append("Requirement: ").Append(req.Metric).Append(" ≥ ").Append(ReportText.Score(req.Target)).Append(".\n");
        md.Append('\n').Append("| arm | model | status | ").Append(string.Join(" | ", metrics.Select(m => m + " (95% CI)")))
            .Append(" | errors | tokens in/out | cost $ | p50 / p95 ms |\n");
        md.Append("|---|---|---|").Append(string.Concat(metrics.Select(_ => "---|"))).Append("---|---|---|---|\n");
        foreach (var arm in report.Summary.Arms)
        {
            md.Append("| ").Append(Cell(arm.Name)).Append(" | ").Append(Cell(arm.Model)).Append(" | ").Append(arm.Reason ?? arm.Status).Append(" | ");
            foreach (var m in metrics)
                md.Append(arm.Metrics.TryGetValue(m, out var v) ? ReportText.Metric(v) : "").Append(" | ");
            md.Append(arm.Errors).Append(" | ").Append(arm.InputTokens).Append(" / ").Append(arm.OutputTokens).Append(" | ")
                .Append(arm.Cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "unknown").Append(" | ")
                .Append(arm.LatencyP50Ms is { } p50 ? p50.ToString("0", CultureInfo.InvariantCulture) : "–").Append(" / ")
                .Append(arm.LatencyP95Ms is { } p95 ? p95.ToString("0", CultureInfo.InvariantCulture) : "–").Append(" |\n");
        }
        if (report.Summary.MetricsNote is { } metricsNote)
            md.Append('\n').Append(metricsNote).Append('\n');
        AppendContext(md, report);
        var retrieval = report.Summary.Arms.Where(a => a.Retrieval is not null).ToList();
        if (retrieval.Count > 0)
        {
            md.Append("\n## Retrieval\n\n| arm | k | recall@k (95% CI) | MRR (95% CI) |\n|---|---|---|---|\n");
            foreach (var arm in retrieval)
                md.Append("| ").Append(Cell(arm.Name)).Append(" | ").Append(arm.Retrieval!.K).Append(" | ").Append(ReportText.Metric(arm.Retrieval.RecallAtK))
                    .Append(" | ").Append(ReportText.Metric(arm.Retrieval.Mrr)).Append(" |\n");
        }
        AppendFineTuning(md, report);
        var classified = report.Summary.Arms.Where(a => a.ErrorClasses is { Total: > 0 }).ToList();
        if (classified.Count > 0)
        {
            md.Append("\n## Wrong answers by cause\n\n| arm | format violation | label outside set | wrong shape | rubric/style | content error |\n|---|---|---|---|---|---|\n");
            foreach (var arm in classified)
            {
                var e = arm.ErrorClasses!;
                md.Append("| ").Append(Cell(arm.Name)).Append(" | ").Append(e.FormatViolation).Append(" | ").Append(e.LabelOutsideSet).Append(" | ")
                    .Append(e.WrongShape).Append(" | ").Append(e.RubricOrStyle).Append(" | ").Append(e.ContentError).Append(" |\n");
            }
        }
        if (report.Summary.Comparisons.Count > 0)
        {
            md.Append("\n## Paired comparisons\n\n");
            foreach (var c in report.Summary.Comparisons)
                md.Append("- ").Append(c.Summary).Append('\n');
            if (report.Summary.ComparisonNote is { } note)
                md.Append("\n").Append(note).Append('\n');
        }
        AppendRobustness(md, report);
        AppendDecision(md, report.Decision);
        return md.ToString();
    }

    /// <summary>Each arm's prompts against its model's context: the limit, the prompts counted, the longest, what was given up to fit, training tokens and why an arm was not run.</summary>
    private static void AppendContext(StringBuilder md, StudyReport report)
    {
        var table = ReportTables.Context(report);
        if (table.IsEmpty)
            return;
        md.Append("\n## Context windows\n\n");
        AppendTable(md, table);
        md.Append("\nContext sources: ").Append(ReportTables.ContextSources(report)).Append(".\n");
    }

    private static void AppendRobustness(StringBuilder md, StudyReport report)
    {
        var checkedArms = report.Summary.Arms.Where(a => a.Robustness is not null).ToList();
        if (checkedArms.Count == 0)
            return;
        md.Append("\n## Robustness\n\n| Arm | Variants | Spread (best − worst) | Agreement | Most sensitive to |\n|---|---|---|---|---|\n");
        foreach (var arm in checkedArms)
        {
            var r = arm.Robustness!;
            md.Append("| ").Append(arm.Name)
                .Append(" | ").Append(r.Variants.Length)
                .Append(" | ").Append(Figure(r.Spread))
                .Append(" | ").Append(Figure(r.Agreement))
                .Append(" | ").Append(r.MostSensitive ?? "—").Append(" |\n");
        }
    }

    private static string Figure(Estimate estimate)
    {
        static string F(double n) => double.IsFinite(n) ? n.ToString("0.000", CultureInfo.InvariantCulture) : "—";
        return $"{F(estimate.Value)} [{F(estimate.CiLow)}, {F(estimate.CiHigh)}]";
    }

    private static void AppendDecision(StringBuilder md, DecisionOutcome decision)
    {
        md.Append("\n## Decision\n\n");
        if (decision.Result is not { } result)
        {
            md.Append("Not computed: ").Append(decision.Reason ?? decision.Status).Append(".\n");
            return;
        }
        md.Append("**Recommendation:** ").Append(result.Recommendation.Summary).Append("\n\n");
        md.Append("**Confidence:** ").Append(result.Confidence.ToString().ToLowerInvariant());
        if (!result.ConfidenceReasons.IsDefaultOrEmpty)
            md.Append(" (").Append(string.Join(" ", result.ConfidenceReasons)).Append(')');
        md.Append("\n");
        foreach (QuestionFinding finding in new QuestionFinding?[] { result.Baseline, result.Prompting, result.Gap, result.Cost, result.SmallModel }.OfType<QuestionFinding>())
        {
            md.Append("\n### ").Append(finding.Number).Append(". ").Append(finding.Question).Append("\n\n");
            md.Append("**").Append(finding.Answer).Append("** ").Append(finding.Reasoning).Append('\n');
            foreach (var conclusion in finding.Conclusions)
                md.Append("- ").Append(JsonNamingPolicy.SnakeCaseLower.ConvertName(conclusion.Kind.ToString())).Append(": ").Append(conclusion.Message).Append('\n');
        }
        if (!result.WhatWouldChange.IsDefaultOrEmpty)
        {
            md.Append("\n### What would change the decision\n\n");
            foreach (var change in result.WhatWouldChange)
                md.Append("- ").Append(change).Append('\n');
        }
        if (!result.Checks.IsDefaultOrEmpty)
        {
            md.Append("\n### Practical checks\n\n");
            foreach (var check in result.Checks)
                md.Append("- ").Append(check.Name).Append(": ").Append(JsonNamingPolicy.SnakeCaseLower.ConvertName(check.Status.ToString())).Append(" — ").Append(check.Detail).Append('\n');
        }
    }

    /// <summary>How each fine-tuning arm trained and why it stopped, and what its learning curve predicts (labelled as a prediction).</summary>
    private static void AppendFineTuning(StringBuilder md, StudyReport report)
    {
        var tuned = report.Summary.Arms.Where(a => a.FineTune is not null).ToList();
        if (tuned.Count == 0)
            return;
        md.Append("\n## Fine-tuning\n\n");
        AppendTable(md, ReportTables.FineTuning(report));
        var forecast = ReportTables.Forecast(report);
        if (!forecast.IsEmpty)
        {
            md.Append("\n### Forecast before the full training\n\nA large training set is first trained on nested subsets, scored on the dev set; ")
                .Append("the power law fitted to them predicts the full set's dev score before it is paid for (a prediction, not a measurement: ")
                .Append(Results.LearningCurvePrediction.Method).Append("). The full model's dev score is measured after it trains.\n\n");
            AppendTable(md, forecast);
        }
        var predicted = tuned.Where(a => a.LearningCurvePrediction is not null).ToList();
        if (predicted.Count == 0)
            return;
        md.Append("\nLearning curves read forward to the full training set (a prediction, not a measurement: ")
            .Append(Results.LearningCurvePrediction.Method).Append("):\n\n");
        foreach (var arm in predicted)
        {
            var p = arm.LearningCurvePrediction!;
            md.Append("- ").Append(Cell(arm.Name)).Append(": ");
            md.Append(p.Predicted is { } value
                ? $"predicted {p.Metric} {ReportText.Score(value)} at {p.TrainExamples} examples ({p.Note})"
                : $"{p.Note}");
            var measured = arm.LearningCurve?.Where(c => c.TrainExamples == p.TrainExamples).LastOrDefault();
            md.Append("; measured ").Append(measured is { Value: not null }
                ? $"{ReportText.Score(measured.Value)} [{ReportText.Score(measured.CiLow)}, {ReportText.Score(measured.CiHigh)}]"
                : "–").Append(".\n");
        }
    }

    /// <summary>A shared report table in Markdown: a header row, the separator, one line per row.</summary>
    private static void AppendTable(StringBuilder md, ReportTable table)
    {
        md.Append("| ").Append(string.Join(" | ", table.Headers)).Append(" |\n|").Append(string.Concat(table.Headers.Select(_ => "---|"))).Append('\n');
        foreach (var row in table.Rows)
            md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
