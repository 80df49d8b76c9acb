using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Decision;
using Tunewise.Prompting;
using Tunewise.Reports;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>
/// Writes report.json, results.jsonl, report.md, report.html and junit.xml; each file is written to a temp file
/// then renamed. Every rendering is made from the same <see cref="StudyReport"/> and result lines.
/// </summary>
public static class ReportWriter
{
    public const string ReportJson = "report.json";
    public const string ResultsJsonl = "results.jsonl";
    public const string ReportMarkdown = "report.md";
    public const string OptimizedFolder = "optimized";

    /// <summary>An optimized arm as a study entry to paste into another study: its template and the chosen demonstrations.</summary>
    public static string OptimizedPrompt(ArmSpec spec, ArmReport arm)
    {
        var result = arm.Optimization!;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Optimized on dev: {result.DevScore:0.000} over {result.DevExamples} dev examples; {result.Candidates} candidates, {result.Calls} calls.\n");
        text.Append("# The test score is in report.json; the test set was evaluated once, with this prompt.\n");
        text.Append("- name: ").Append(Yaml(arm.Name + "-optimized")).Append('\n');
        text.Append("  model: ").Append(Yaml(spec.Model)).Append('\n');
        text.Append("  prompt:\n");
        if ((result.Template ?? spec.Prompt.Template) is { } template) text.Append("    template: ").Append(Yaml(template)).Append('\n');
        if (spec.Prompt.System is { } system) text.Append("    system: ").Append(Yaml(system)).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"    few_shot: {result.Demonstrations.Count}\n");
        text.Append("    demonstrations: [").Append(string.Join(", ", result.Demonstrations.Select(Yaml))).Append("]\n");
        return text.ToString();
    }

    private static string Yaml(string value) => Tunewise.Serialization.TypedJson.StringLiteral(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    public const string ReportHtml = "report.html";
    public const string JUnitXml = "junit.xml";

    public static Task WriteAsync(string directory, StudyReport report, RunStore store, Study study, CancellationToken cancellationToken = default) =>
        WriteAsync(directory, report, store, study, gates: null, cancellationToken);

    /// <param name="gates">The run's <c>--fail-under</c> gates, reported as failures in junit.xml.</param>
    public static async Task WriteAsync(string directory, StudyReport report, RunStore store, Study study, IReadOnlyList<MetricGate>? gates,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(store);
        Directory.CreateDirectory(directory);
        await WriteAtomicAsync(Path.Combine(directory, ReportJson), report.ToJson(), cancellationToken).ConfigureAwait(false);

        var lines = new StringBuilder();
        // Every arm's answers, fine-tuned arms' included: the contract is one line per arm, example and repeat.
        foreach (var arm in study.Arms)
        {
            await foreach (var r in store.ReadResultsAsync(report.RunId, arm.Name, cancellationToken).ConfigureAwait(false))
            {
                var line = new JsonObject
                {
                    ["id"] = r.ExampleId,
                    ["arm"] = r.Arm,
                    ["repeat"] = r.Repeat,
                    ["output"] = r.Output,
                    ["answer"] = r.Output is null ? null : AnswerExtractor.Extract(r.Output, arm.Prompt.ChainOfThought),
                    ["expected"] = r.Expected,
                    ["score"] = r.ScoreJson is null ? null : JsonNode.Parse(r.ScoreJson),
                    ["error"] = r.Error,
                    ["prompt"] = r.Prompt,
                    ["input_tokens"] = r.InputTokens,
                    ["output_tokens"] = r.OutputTokens,
                    ["latency_ms"] = Math.Round(r.Latency.TotalMilliseconds, 3),
                };
                lines.Append(line.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).Append('\n');
            }
        }
        await WriteAtomicAsync(Path.Combine(directory, ResultsJsonl), lines.ToString(), cancellationToken).ConfigureAwait(false);
        await WriteAtomicAsync(Path.Combine(directory, ReportMarkdown), Markdown(report), cancellationToken).ConfigureAwait(false);
        foreach (var arm in report.Arms.Where(a => a.Optimization is not null))
        {
            var spec = study.Arms.First(a => a.Name == arm.Name);
            await WriteAtomicAsync(Path.Combine(directory, OptimizedFolder, arm.Name + ".yaml"), OptimizedPrompt(spec, arm), cancellationToken).ConfigureAwait(false);
        }
        await WriteAtomicAsync(Path.Combine(directory, ReportHtml), HtmlReport.Render(report, ResultLine.ParseAll(lines.ToString())), cancellationToken).ConfigureAwait(false);
        await WriteAtomicAsync(Path.Combine(directory, JUnitXml), JUnitReport.Render(report, gates), cancellationToken).ConfigureAwait(false);
    }

    public static string Markdown(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = report.Arms.SelectMany(a => a.Metrics.Keys).Distinct().ToList();
        var md = new StringBuilder();
        md.Append("# ").Append(report.Study).Append("\n\n");
        md.Append("Test set: ").Append(report.TestExamples).Append(" examples, hash `").Append(report.TestHash).Append("`.\n");
        if (report.Requirement is { } req)
            md.Append("Requirement: ").Append(req.Metric).Append(" ≥ ").Append(F(req.Target)).Append(".\n");
        md.Append('\n').Append("| arm | model | status | ").Append(string.Join(" | ", metrics.Select(m => m + " (95% CI)")))
            .Append(" | errors | tokens in/out | cost $ | p50 / p95 ms |\n");
        md.Append("|---|---|---|").Append(string.Concat(metrics.Select(_ => "---|"))).Append("---|---|---|---|\n");
        foreach (var arm in report.Arms)
        {
            md.Append("| ").Append(Cell(arm.Name)).Append(" | ").Append(Cell(arm.Model)).Append(" | ").Append(arm.Reason ?? arm.Status).Append(" | ");
            foreach (var m in metrics)
                md.Append(arm.Metrics.TryGetValue(m, out var v) ? Metric(v) : "").Append(" | ");
            md.Append(arm.Errors).Append(" | ").Append(arm.InputTokens).Append(" / ").Append(arm.OutputTokens).Append(" | ")
                .Append(arm.Cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "unknown").Append(" | ")
                .Append(arm.LatencyP50Ms is { } p50 ? p50.ToString("0", CultureInfo.InvariantCulture) : "–").Append(" / ")
                .Append(arm.LatencyP95Ms is { } p95 ? p95.ToString("0", CultureInfo.InvariantCulture) : "–").Append(" |\n");
        }
        if (report.MetricsNote is { } metricsNote)
            md.Append('\n').Append(metricsNote).Append('\n');
        var retrieval = report.Arms.Where(a => a.Retrieval is not null).ToList();
        if (retrieval.Count > 0)
        {
            md.Append("\n## Retrieval\n\n| arm | k | recall@k (95% CI) | MRR (95% CI) |\n|---|---|---|---|\n");
            foreach (var arm in retrieval)
                md.Append("| ").Append(Cell(arm.Name)).Append(" | ").Append(arm.Retrieval!.K).Append(" | ").Append(Metric(arm.Retrieval.RecallAtK))
                    .Append(" | ").Append(Metric(arm.Retrieval.Mrr)).Append(" |\n");
        }
        var classified = report.Arms.Where(a => a.ErrorClasses is { Total: > 0 }).ToList();
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
        if (report.Comparisons.Count > 0)
        {
            md.Append("\n## Paired comparisons\n\n");
            foreach (var c in report.Comparisons)
                md.Append("- ").Append(c.Summary).Append('\n');
            if (report.ComparisonNote is { } note)
                md.Append("\n").Append(note).Append('\n');
        }
        AppendRobustness(md, report);
        AppendDecision(md, report.Decision);
        return md.ToString();
    }

    private static void AppendRobustness(StringBuilder md, StudyReport report)
    {
        var checkedArms = report.Arms.Where(a => a.Robustness is not null).ToList();
        if (checkedArms.Count == 0)
            return;
        md.Append("\n## Robustness\n\n| Arm | Variants | Spread (best − worst) | Agreement | Most sensitive to |\n|---|---|---|---|---|\n");
        foreach (var arm in checkedArms)
        {
            var r = arm.Robustness!;
            md.Append("| ").Append(arm.Name)
                .Append(" | ").Append(r["variants"]?.AsArray().Count ?? 0)
                .Append(" | ").Append(Figure(r["spread"]))
                .Append(" | ").Append(Figure(r["agreement"]))
                .Append(" | ").Append(r["most_sensitive"]?.GetValue<string>() ?? "—").Append(" |\n");
        }
    }

    private static string Figure(System.Text.Json.Nodes.JsonNode? estimate)
    {
        static string F(System.Text.Json.Nodes.JsonNode? n) => n is null ? "—" : n.GetValue<double>().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        return estimate is null ? "—" : $"{F(estimate["value"])} [{F(estimate["ci_low"])}, {F(estimate["ci_high"])}]";
    }

    private static void AppendDecision(StringBuilder md, DecisionReport decision)
    {
        md.Append("\n## Decision\n\n");
        if (decision.Value is not { } result)
        {
            md.Append("Not computed: ").Append(decision.Reason ?? decision.Status).Append(".\n");
            return;
        }
        md.Append("**Recommendation:** ").Append(result.Recommendation.Summary).Append("\n\n");
        md.Append("**Confidence:** ").Append(result.Confidence.ToString().ToLowerInvariant());
        if (!result.ConfidenceReasons.IsDefaultOrEmpty)
            md.Append(" (").Append(string.Join(" ", result.ConfidenceReasons)).Append(')');
        md.Append("\n");
        foreach (QuestionFinding finding in new QuestionFinding[] { result.Prompting, result.Gap, result.Cost, result.SmallModel })
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

    public static string Metric(MetricValue v) =>
        v.Value is { } value ? $"{F(value)} [{F(v.CiLow)}, {F(v.CiHigh)}] n={v.N}" : $"– n={v.N}";

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static async Task WriteAtomicAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(temp, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
