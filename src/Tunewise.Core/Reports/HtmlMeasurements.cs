using System.Globalization;
using System.Text;
using Tunewise.Economics;
using Tunewise.Results;
using Tunewise.Statistics;
using Tunewise.Reports.Charts;
using static Tunewise.Reports.HtmlText;

namespace Tunewise.Reports;

/// <summary>The measurement sections of report.html: metrics, cost at volume, robustness, learning and forgetting.</summary>
internal static class HtmlMeasurements
{
    public static void Metrics(StringBuilder html, StudyReport report)
    {
        HtmlReport.BeginSection(html, "metrics", "Metrics per arm");
        var metrics = report.Summary.Arms.SelectMany(a => a.Metrics.Keys).Distinct(StringComparer.Ordinal).ToList();
        html.Append("<div class=\"scroll\"><table><thead><tr><th>arm</th><th>model</th><th>status</th>");
        foreach (var metric in metrics)
            html.Append("<th>").Append(Encode(metric)).Append(" (95% CI)</th>");
        html.Append("<th class=\"num\">errors</th><th class=\"num\">tokens in / out</th><th class=\"num\">cost $</th><th class=\"num\">p50 / p95 ms</th></tr></thead><tbody>\n");
        foreach (var arm in report.Summary.Arms)
        {
            html.Append("<tr><td><b>").Append(Encode(arm.Name)).Append("</b></td><td><code>").Append(Encode(arm.Model)).Append("</code></td><td>")
                .Append(Encode(arm.Reason ?? arm.Status)).Append("</td>");
            foreach (var metric in metrics)
            {
                html.Append("<td class=\"num\">");
                if (arm.Metrics.TryGetValue(metric, out var v))
                    html.Append(HtmlReport.Estimate(v.Value, v.CiLow, v.CiHigh, v.N));
                html.Append("</td>");
            }
            html.Append("<td class=\"num\">").Append(arm.Errors).Append("</td><td class=\"num\">").Append(arm.InputTokens).Append(" / ").Append(arm.OutputTokens)
                .Append("</td><td class=\"num\">").Append(arm.Cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "unknown")
                .Append("</td><td class=\"num\">").Append(Number(arm.LatencyP50Ms, "0")).Append(" / ").Append(Number(arm.LatencyP95Ms, "0")).Append("</td></tr>\n");
        }
        html.Append("</tbody></table></div>\n");
        if (report.Summary.MetricsNote is { } note)
            html.Append("<p class=\"small\">").Append(Encode(note)).Append("</p>\n");
        if (metrics.Count == 0)
            HtmlReport.NotMeasured(html, "no arm produced a metric.");
        foreach (var metric in metrics)
        {
            var rows = report.Summary.Arms.Where(a => a.Metrics.TryGetValue(metric, out var m) && m.Value is not null)
                .Select(a => new IntervalChart.Row(a.Name, a.Metrics[metric].Value!.Value, a.Metrics[metric].CiLow, a.Metrics[metric].CiHigh, $" n={a.Metrics[metric].N}"))
                .ToList();
            if (rows.Count == 0)
                continue;
            var target = report.Summary.Requirement is { } r && r.Metric == metric ? r.Target : (double?)null;
            html.Append("<figure><figcaption>").Append(Encode(metric)).Append(" per arm, with 95% confidence intervals")
                .Append(target is null ? "" : "; the dashed line is the requirement").Append("</figcaption>\n")
                .Append(IntervalChart.Render($"{metric} per arm", rows, target, target is { } t ? $"target {Number(t)}" : null)).Append("\n</figure>\n");
        }
        if (report.Summary.Comparisons.Count > 0)
        {
            html.Append("<details class=\"block\"><summary>Paired comparisons (").Append(report.Summary.Comparisons.Count).Append(")</summary>\n<ul>\n");
            foreach (var comparison in report.Summary.Comparisons)
                html.Append("<li>").Append(Encode(comparison.Summary)).Append("</li>\n");
            html.Append("</ul>\n");
            if (report.Summary.ComparisonNote is { } comparisonNote)
                html.Append("<p class=\"small\">").Append(Encode(comparisonNote)).Append("</p>\n");
            html.Append("</details>\n");
        }
        HtmlReport.EndSection(html);
    }

    public static void Cost(StringBuilder html, StudyReport report)
    {
        HtmlReport.BeginSection(html, "cost", "Cost per month against query volume");
        var finding = report.Decision.Result?.Cost;
        List<CostVolumeChart.CostLine> lines;
        var crossings = new List<CostVolumeChart.Crossing>();
        if (finding is not null && finding.Candidates.Length > 0)
        {
            lines = [.. finding.Candidates.Where(c => c.CostPerQuery is not null && c.AmortisedOneOffPerMonth is not null)
                .Select(c => new CostVolumeChart.CostLine(c.Arm, c.AmortisedOneOffPerMonth!.Value + c.FixedPerMonth, c.CostPerQuery!.Value))];
            // The other priced arms, for comparison: they pay no one-off cost in this run.
            var candidates = finding.Candidates.Select(c => c.Arm).ToHashSet(StringComparer.Ordinal);
            lines.AddRange(report.Summary.Arms.Where(a => a.CostPerQuery is not null && a.Status != "not_run" && !candidates.Contains(a.Name))
                .Select(a => new CostVolumeChart.CostLine(a.Name, 0, (double)a.CostPerQuery!.Value, Candidate: false)));
            crossings.AddRange(finding.BreakEvens.Where(b => b.Result is { Kind: BreakEvenKind.Crosses, Volume: not null })
                .Select(b => new CostVolumeChart.Crossing(b.ArmA, b.ArmB, b.Result!.Volume!.Value)));
        }
        else
        {
            // Without a decision, price the arms by their measured cost per query alone.
            lines = [.. report.Summary.Arms.Where(a => a.CostPerQuery is not null).Select(a => new CostVolumeChart.CostLine(a.Name, 0, (double)a.CostPerQuery!.Value))];
        }
        if (lines.Count == 0)
        {
            HtmlReport.NotMeasured(html, "no candidate arm has a known price, so no cost can be drawn (give the models a price in the study).");
            HtmlReport.EndSection(html);
            return;
        }
        var volume = finding?.QueriesPerMonth;
        html.Append("<figure><figcaption>Monthly cost of each candidate arm")
            .Append(finding is null ? "" : $", one-off costs spread over {finding.HorizonMonths} months")
            .Append("; solid lines are the arms the decision priced, dashed lines other priced arms for comparison; red dots mark break-even volumes</figcaption>\n")
            .Append(CostVolumeChart.Render(lines, crossings, volume)).Append("\n</figure>\n");
        if (finding is not null)
        {
            html.Append("<p>").Append(Encode(finding.Answer)).Append("</p>\n");
            if (finding.BreakEvens.Length > 0)
            {
                html.Append("<ul>\n");
                foreach (var pair in finding.BreakEvens)
                    html.Append("<li>").Append(Encode(pair.Explanation)).Append("</li>\n");
                html.Append("</ul>\n");
            }
        }
        HtmlReport.EndSection(html);
    }

    public static void Robustness(StringBuilder html, StudyReport report)
    {
        HtmlReport.BeginSection(html, "robustness", "Robustness to prompt variants");
        var checkedArms = report.Summary.Arms.Where(a => a.Robustness is not null).ToList();
        if (checkedArms.Count == 0)
        {
            HtmlReport.NotMeasured(html, "the study has no robustness section.");
            HtmlReport.EndSection(html);
            return;
        }
        var rows = checkedArms.Select(a => new SpreadChart.Row(a.Name,
            [.. a.Robustness!.Variants.Select(v => new SpreadChart.Variant(v.Name, v.Score.Value))],
            Finite(a.Robustness.Spread.Value))).ToList();
        html.Append("<figure><figcaption>Each dot is one prompt variant's score; the band runs from the worst to the best variant</figcaption>\n")
            .Append(SpreadChart.Render(rows)).Append("\n</figure>\n");
        html.Append("<table><thead><tr><th>arm</th><th class=\"num\">variants</th><th>spread (best − worst)</th><th>agreement</th><th>most sensitive to</th></tr></thead><tbody>\n");
        foreach (var arm in checkedArms)
        {
            var r = arm.Robustness!;
            html.Append("<tr><td><b>").Append(Encode(arm.Name)).Append("</b></td><td class=\"num\">").Append(r.Variants.Length)
                .Append("</td><td>").Append(EstimateOf(r.Spread)).Append("</td><td>").Append(EstimateOf(r.Agreement))
                .Append("</td><td>").Append(Encode(r.MostSensitive ?? "—")).Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
        HtmlReport.EndSection(html);
    }

    public static void Learning(StringBuilder html, StudyReport report)
    {
        HtmlReport.BeginSection(html, "learning", "Learning curve and forgetting");
        var curves = ExtraMeasurements.LearningCurves(report);
        Figure(html, "Learning curve", curves.Count == 0 ? null : LineChart.Render("Learning curve", "training examples", curves),
            "Score against training examples, per fine-tuned arm", "no fine-tuned arm recorded a learning curve.");
        var losses = ExtraMeasurements.TrainingLoss(report);
        Figure(html, "Training loss", losses.Count == 0 ? null : LineChart.Render("Training loss", "optimizer step", losses),
            "Training loss (answer tokens) per optimizer step, per fine-tuned arm", "no arm was fine-tuned in this run.");
        var deltas = ExtraMeasurements.ForgettingDeltas(report);
        Figure(html, "Forgetting", deltas.Count == 0 ? null : IntervalChart.Render("Forgetting deltas", deltas, 0, "no change", unitRange: false),
            "Change on the general-capability suite after fine-tuning (after − before; below 0 is forgetting)",
            "no general-capability suite was run before and after a fine-tune.");
        HtmlReport.EndSection(html);
    }

    /// <summary>The context-fit and fine-tuning tables, and the forecast of large training sets.</summary>
    public static void Training(StringBuilder html, StudyReport report)
    {
        HtmlReport.BeginSection(html, "training", "Context windows and fine-tuning");
        html.Append("<h3>Context windows</h3>\n");
        var context = ReportTables.Context(report);
        if (context.IsEmpty)
            HtmlReport.NotMeasured(html, "no arm's model has a known context window.");
        else
        {
            HtmlReport.Table(html, context);
            html.Append("<p class=\"small\">Context sources: ").Append(Encode(ReportTables.ContextSources(report))).Append(".</p>\n");
        }
        html.Append("<h3>Fine-tuning</h3>\n");
        var tuned = ReportTables.FineTuning(report);
        if (tuned.IsEmpty)
            HtmlReport.NotMeasured(html, "no arm was fine-tuned in this run.");
        else
            HtmlReport.Table(html, tuned);
        var forecast = ReportTables.Forecast(report);
        html.Append("<h3>Forecast before the full training</h3>\n");
        if (forecast.IsEmpty)
            HtmlReport.NotMeasured(html, "no fine-tuning arm's training set reached its forecast_above threshold.");
        else
        {
            html.Append("<p class=\"small\">Nested subsets of the training set, scored on the dev set; the power law fitted to them is a prediction, not a measurement (")
                .Append(Encode(LearningCurvePrediction.Method)).Append(").</p>\n");
            HtmlReport.Table(html, forecast);
        }
        HtmlReport.EndSection(html);
    }

    /// <summary>A titled chart with its caption, or the "not measured" note when there is no chart.</summary>
    private static void Figure(StringBuilder html, string title, string? chart, string caption, string notMeasured)
    {
        html.Append("<h3>").Append(HtmlText.Encode(title)).Append("</h3>\n");
        if (chart is null)
            HtmlReport.NotMeasured(html, notMeasured);
        else
            html.Append("<figure><figcaption>").Append(HtmlText.Encode(caption)).Append("</figcaption>\n").Append(chart).Append("\n</figure>\n");
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string EstimateOf(Estimate estimate) =>
        HtmlReport.Estimate(Finite(estimate.Value), Finite(estimate.CiLow), Finite(estimate.CiHigh), estimate.N);
}
