using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Tunewise.Decision;
using Tunewise.Results;

namespace Tunewise.Reports;

/// <summary>
/// junit.xml for CI dashboards: one testsuite for the study, one testcase per arm and metric (failed when a
/// <c>--fail-under</c> gate on that metric is not met, skipped when the arm did not run), and one testcase
/// for the study's requirement (failed when no arm meets it, as the decision judges).
/// </summary>
public static class JUnitReport
{
    public static string Render(StudyReport report, IReadOnlyList<MetricGate>? gates = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        gates ??= [];
        var metrics = report.Summary.Arms.SelectMany(a => a.Metrics.Keys).Concat(gates.Select(g => g.Metric)).Distinct(StringComparer.Ordinal).ToList();
        var cases = new List<XElement>();
        foreach (var arm in report.Summary.Arms)
        {
            foreach (var metric in metrics)
                cases.Add(MetricCase(report.Summary.Study, arm, metric, gates.Where(g => g.Metric == metric)));
        }
        if (report.Summary.Requirement is { } requirement)
            cases.Add(RequirementCase(report, requirement));

        var failures = cases.Count(c => c.Element("failure") is not null);
        var skipped = cases.Count(c => c.Element("skipped") is not null);
        var suite = new XElement("testsuite",
            new XAttribute("name", report.Summary.Study),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            new XElement("properties",
                Property("run_id", report.Summary.RunId),
                Property("study_hash", report.Summary.StudyHash),
                Property("test_hash", report.Summary.TestHash),
                Property("test_examples", report.Summary.TestExamples.ToString(CultureInfo.InvariantCulture)),
                Property("recommendation", report.Decision.Result?.Recommendation.Summary ?? report.Decision.Reason ?? report.Decision.Status)),
            cases);
        var root = new XElement("testsuites",
            new XAttribute("name", "tunewise"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", skipped),
            suite);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static XElement MetricCase(string study, ArmSummary arm, string metric, IEnumerable<MetricGate> gates)
    {
        var testcase = new XElement("testcase", new XAttribute("classname", $"{study}.{arm.Name}"), new XAttribute("name", metric));
        if (arm.Status == "not_run")
        {
            testcase.Add(new XElement("skipped", new XAttribute("message", arm.Reason ?? "the arm did not run")));
            return testcase;
        }
        var value = arm.Metrics.TryGetValue(metric, out var m) ? m : null;
        var failed = gates.Select(g => g.Check(arm)).Where(o => !o.Passed).ToList();
        if (failed.Count > 0)
        {
            testcase.Add(new XElement("failure",
                new XAttribute("message", string.Join("; ", failed.Select(f => f.Message))),
                new XAttribute("type", MetricGate.Option),
                string.Join("\n", failed.Select(f => $"{MetricGate.Option} {f.Gate.Metric}={f.Gate.Threshold.ToString(CultureInfo.InvariantCulture)}: {f.Message}"))));
        }
        testcase.Add(new XElement("system-out", value is null ? $"{metric}: not measured" : $"{metric}: {ReportText.Metric(value)}"));
        return testcase;
    }

    private static XElement RequirementCase(StudyReport report, RequirementSummary requirement)
    {
        var target = requirement.Target.ToString(CultureInfo.InvariantCulture);
        var testcase = new XElement("testcase", new XAttribute("classname", $"{report.Summary.Study}.requirement"), new XAttribute("name", $"{requirement.Metric} >= {target}"));
        var (met, detail) = RequirementMet(report, requirement);
        if (!met)
            testcase.Add(new XElement("failure", new XAttribute("message", detail), new XAttribute("type", "requirement"), detail));
        testcase.Add(new XElement("system-out", detail));
        return testcase;
    }

    /// <summary>
    /// The decision's verdict when it was computed (it judges deployable arms by their CI lower bound);
    /// otherwise whether any arm's CI lower bound reaches the target.
    /// </summary>
    internal static (bool Met, string Detail) RequirementMet(StudyReport report, RequirementSummary requirement)
    {
        if (report.Decision.Result is { } decision)
            return (decision.Recommendation.Kind != RecommendationKind.RequirementNotMet, decision.Recommendation.Summary);
        var best = report.Summary.Arms
            .Select(a => (a.Name, Low: a.Metrics.TryGetValue(requirement.Metric, out var m) ? m.CiLow : null))
            .Where(a => a.Low is not null).OrderByDescending(a => a.Low).FirstOrDefault();
        var target = requirement.Target.ToString(CultureInfo.InvariantCulture);
        return best.Low is { } low
            ? (low >= requirement.Target, $"best CI lower bound on {requirement.Metric}: {low.ToString("0.000", CultureInfo.InvariantCulture)} ({best.Name}), target {target}")
            : (false, $"no arm measured {requirement.Metric}; target {target}");
    }

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));
}
