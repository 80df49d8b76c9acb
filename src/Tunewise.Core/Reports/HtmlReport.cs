using System.Text;
using System.Text.Json;
using Tunewise.Decision;
using Tunewise.Results;
using static Tunewise.Reports.HtmlText;

namespace Tunewise.Reports;

/// <summary>
/// report.html: one self-contained page rendered from report.json and results.jsonl, with inline CSS, inline
/// SVG charts and a few lines of script for the example filters. It references nothing outside the file.
/// Every text that comes from the study, the data or a model is escaped with <see cref="HtmlText.Encode"/>.
/// </summary>
public static class HtmlReport
{
    public static string Render(StudyReport report, IReadOnlyList<ResultLine> results)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(results);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(report.Summary.Study)).Append(" · Tunewise report</title>\n")
            .Append("<style>").Append(HtmlStyle.Css).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, report);
        Navigation(html);
        DecisionSection(html, report);
        HtmlMeasurements.Metrics(html, report);
        HtmlMeasurements.Cost(html, report);
        HtmlMeasurements.Robustness(html, report);
        HtmlMeasurements.Learning(html, report);
        HtmlMeasurements.Training(html, report);
        HtmlExplorer.Render(html, report, results);
        html.Append("<footer>Rendered by Tunewise from report.json and results.jsonl of run ").Append(Encode(report.Summary.RunId)).Append(".</footer>\n");
        html.Append("</main>\n<script>").Append(HtmlExplorer.Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Opens a section; the caller appends its body and closes it with <see cref="EndSection"/>.</summary>
    internal static void BeginSection(StringBuilder html, string id, string title) =>
        html.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(Encode(title)).Append("</h2>\n");

    internal static void EndSection(StringBuilder html) => html.Append("</section>\n");

    /// <summary>A shared report table as HTML, every cell encoded; figure columns are right-aligned.</summary>
    internal static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<div class=\"scroll\"><table><thead><tr>");
        for (var i = 0; i < table.Headers.Count; i++)
            html.Append(table.Numeric[i] ? "<th class=\"num\">" : "<th>").Append(Encode(table.Headers[i])).Append("</th>");
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
                html.Append(table.Numeric[i] ? "<td class=\"num\">" : "<td>").Append(i == 0 ? "<b>" + Encode(row[i]) + "</b>" : Encode(row[i])).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></div>\n");
    }

    /// <summary>The note a section shows when the run has no data for it.</summary>
    internal static void NotMeasured(StringBuilder html, string why) =>
        html.Append("<p class=\"note\">Not measured in this run: ").Append(Encode(why)).Append("</p>\n");

    private static void Header(StringBuilder html, StudyReport report)
    {
        html.Append("<header>\n<p class=\"kicker\">Tunewise report</p>\n<h1>").Append(Encode(report.Summary.Study)).Append("</h1>\n<p class=\"meta\">");
        html.Append("Test set: <b>").Append(report.Summary.TestExamples).Append("</b> examples, hash <code>").Append(Encode(Short(report.Summary.TestHash))).Append("</code>");
        if (report.Summary.Requirement is { } requirement)
            html.Append(" · Requirement: <b>").Append(Encode(requirement.Metric)).Append(" ≥ ").Append(Number(requirement.Target)).Append("</b>");
        html.Append(" · Run <code>").Append(Encode(report.Summary.RunId)).Append("</code>");
        html.Append(report.Summary.Completed ? " · completed" : " · <span class=\"warn\">partial run</span>");
        if (report.Summary.StudyFile is { } file)
            html.Append(" · <code>").Append(Encode(Path.GetFileName(file))).Append("</code>");
        html.Append("</p>\n</header>\n");
    }

    private static void Navigation(StringBuilder html) =>
        html.Append("<nav><a href=\"#decision\">Decision</a><a href=\"#metrics\">Metrics</a><a href=\"#cost\">Cost</a>")
            .Append("<a href=\"#robustness\">Robustness</a><a href=\"#learning\">Learning &amp; forgetting</a><a href=\"#training\">Context &amp; training</a><a href=\"#examples\">Examples</a></nav>\n");

    private static void DecisionSection(StringBuilder html, StudyReport report)
    {
        BeginSection(html, "decision", "Recommendation");
        if (report.Decision.Result is not { } result)
        {
            NotMeasured(html, $"no decision was computed ({report.Decision.Reason ?? report.Decision.Status}).");
            EndSection(html);
            return;
        }
        var kind = JsonNamingPolicy.SnakeCaseLower.ConvertName(result.Recommendation.Kind.ToString());
        html.Append("<div class=\"callout ").Append(kind).Append("\">\n<p class=\"recommendation\">").Append(Encode(result.Recommendation.Summary)).Append("</p>\n");
        html.Append("<p class=\"meta\">Outcome <b>").Append(Encode(kind.Replace('_', ' '))).Append("</b> · confidence <b>")
            .Append(Encode(result.Confidence.ToString().ToLowerInvariant())).Append("</b>");
        if (result.Recommendation.Quality is { } quality)
            html.Append(" · quality ").Append(Estimate(quality.Value, quality.CiLow, quality.CiHigh, quality.N));
        html.Append("</p>\n");
        if (!result.ConfidenceReasons.IsDefaultOrEmpty)
            html.Append("<p class=\"small\">").Append(Encode(string.Join(" ", result.ConfidenceReasons))).Append("</p>\n");
        html.Append("</div>\n<div class=\"questions\">\n");
        foreach (var finding in new QuestionFinding?[] { result.Baseline, result.Prompting, result.Gap, result.Cost, result.SmallModel }.OfType<QuestionFinding>())
            Question(html, finding);
        html.Append("</div>\n");
        if (!result.WhatWouldChange.IsDefaultOrEmpty)
        {
            html.Append("<h3>What would change the decision</h3>\n<ul>\n");
            foreach (var change in result.WhatWouldChange)
                html.Append("<li>").Append(Encode(change)).Append("</li>\n");
            html.Append("</ul>\n");
        }
        if (!result.Checks.IsDefaultOrEmpty)
        {
            html.Append("<h3>Practical checks</h3>\n<table class=\"checks\"><thead><tr><th>check</th><th>status</th><th>detail</th></tr></thead><tbody>\n");
            foreach (var check in result.Checks)
            {
                var status = JsonNamingPolicy.SnakeCaseLower.ConvertName(check.Status.ToString());
                html.Append("<tr><td>").Append(Encode(check.Name)).Append("</td><td><span class=\"badge ").Append(status).Append("\">")
                    .Append(Encode(status.Replace('_', ' '))).Append("</span></td><td>").Append(Encode(check.Detail)).Append("</td></tr>\n");
            }
            html.Append("</tbody></table>\n");
        }
        EndSection(html);
    }

    private static void Question(StringBuilder html, QuestionFinding finding)
    {
        html.Append("<article class=\"question\">\n<h3><span class=\"number\">").Append(finding.Number).Append("</span>").Append(Encode(finding.Question)).Append("</h3>\n");
        html.Append("<p class=\"answer\">").Append(Encode(finding.Answer)).Append("</p>\n");
        var figures = Figures(finding).ToList();
        if (figures.Count > 0)
        {
            html.Append("<dl class=\"figures\">");
            foreach (var (name, value) in figures)
                html.Append("<div><dt>").Append(Encode(name)).Append("</dt><dd>").Append(value).Append("</dd></div>");
            html.Append("</dl>\n");
        }
        html.Append("<p class=\"reasoning\">").Append(Encode(finding.Reasoning)).Append("</p>\n");
        if (!finding.Conclusions.IsDefaultOrEmpty)
        {
            html.Append("<ul class=\"conclusions\">\n");
            foreach (var conclusion in finding.Conclusions)
            {
                var kind = conclusion.Kind.ToString().ToLowerInvariant();
                html.Append("<li><span class=\"badge ").Append(kind).Append("\">").Append(kind).Append("</span> ").Append(Encode(conclusion.Message)).Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("</article>\n");
    }

    /// <summary>The key numbers of each question, already escaped.</summary>
    private static IEnumerable<(string Name, string Value)> Figures(QuestionFinding finding)
    {
        switch (finding)
        {
            case PromptingFinding p:
                if (p.BestArm is { } best)
                    yield return ("best prompting arm", Encode(best));
                if (p.BestEstimate is { } e)
                    yield return ("its score", Estimate(e.Value, e.CiLow, e.CiHigh, e.N));
                if (p.Target is { } target)
                    yield return ("target", Number(target));
                if (p.Shortfall is { } shortfall)
                    yield return ("shortfall (target − lower bound)", Number(shortfall, "+0.000;-0.000;0"));
                break;
            case GapFinding g:
                yield return ("verdict", Encode(JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Verdict.ToString()).Replace('_', ' ')));
                if (g.Gap is { } gap)
                    yield return ("gap", Number(gap));
                if (g.BehaviourErrorShare is { } share)
                    yield return ("behaviour errors", Percent(share));
                foreach (var s in g.Shares)
                    yield return ($"gap closed by {s.Arm}", $"<b>{Percent(s.Share.Value)}</b> <span class=\"ci\">[{Percent(s.Share.CiLow)}, {Percent(s.Share.CiHigh)}] n={s.Share.N}</span>");
                break;
            case CostFinding c:
                if (c.QueriesPerMonth is { } volume)
                    yield return ("queries per month", Number(volume, "#,##0"));
                yield return ("horizon", c.HorizonMonths + " months");
                foreach (var candidate in c.Candidates.Where(k => k.MonthlyCost is not null))
                    yield return ($"{candidate.Arm} per month", "$" + Number(candidate.MonthlyCost, "#,##0.00"));
                if (c.CheapestArm is { } cheapest)
                    yield return ("cheapest", Encode(cheapest));
                break;
            case SmallModelFinding s:
                if (s.SmallArm is { } small)
                    yield return ("small arm", Encode(small));
                if (s.LargeArm is { } large)
                    yield return ("large arm", Encode(large));
                if (s.QualityDifference is { } d)
                    yield return ("small − large", Estimate(d.Value, d.CiLow, d.CiHigh, d.N));
                if (s.PValue is { } pValue)
                    yield return ("p-value", Number(pValue, "0.0000"));
                break;
        }
    }

    internal static string Estimate(double? value, double? low, double? high, int n) =>
        $"<b>{Number(value)}</b> <span class=\"ci\">[{Number(low)}, {Number(high)}] n={n}</span>";

    private static string Percent(double share) => double.IsFinite(share) ? Number(share * 100, "0") + "%" : "–";

    private static string Short(string text) => text.Length > 12 ? text[..12] : text;
}
