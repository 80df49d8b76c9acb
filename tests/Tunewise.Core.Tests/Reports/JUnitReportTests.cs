using System.Xml.Linq;
using Tunewise.Reports;
using Tunewise.Testing;
using static Tunewise.Core.Tests.Reports.ReportSamples;
using Tunewise.Reports.Exporters;
using Tunewise.Results;

namespace Tunewise.Core.Tests.Reports;

public class JUnitReportTests
{
    [Fact]
    public async Task A_real_run_writes_one_testcase_per_arm_and_metric_plus_the_requirement_with_gate_failures()
    {
        using var dir = new TempDirectory();
        var (_, outDir) = await ReportFixture.RunAsync(dir, [new MetricGate("exact_match", 0.4)]);

        var xml = XDocument.Load(Path.Combine(outDir, JUnitReportExporter.FileName));

        var suite = Assert.Single(xml.Root!.Elements("testsuite"));
        Assert.Equal("runner-study", (string?)suite.Attribute("name"));
        var cases = suite.Elements("testcase").ToList();
        // 2 arms × 2 metrics (exact_match, token_f1) + the requirement exact_match ≥ 0.9.
        Assert.Equal(5, cases.Count);
        Assert.Equal(cases.Count, (int)suite.Attribute("tests")!);
        Assert.Equal(cases.Count(c => c.Element("failure") is not null), (int)suite.Attribute("failures")!);
        Assert.Equal((int)suite.Attribute("failures")!, (int)xml.Root!.Attribute("failures")!);
        var failed = cases.Where(c => c.Element("failure") is not null).Select(c => $"{c.Attribute("classname")!.Value}/{c.Attribute("name")!.Value}").Order().ToList();
        // few-shot scores 0 < 0.4; zero-shot's 0.5 passes the gate; no arm's lower bound reaches the 0.9 requirement.
        Assert.Equal(["runner-study.few-shot/exact_match", "runner-study.requirement/exact_match >= 0.9"], failed);
        Assert.Contains("0.000 < 0.4", cases.Single(c => c.Attribute("classname")!.Value.EndsWith("few-shot") && c.Attribute("name")!.Value == "exact_match")
            .Element("failure")!.Attribute("message")!.Value);
    }

    [Fact]
    public void Arms_that_did_not_run_are_skipped_and_a_gate_on_an_unmeasured_metric_fails_every_arm()
    {
        var notRun = Arm("lora", 0) with { Status = "not_run", Reason = "fine-tuning arms are not run yet", Metrics = new Dictionary<string, MetricEstimate>() };
        var report = Report("s", Arm("zero-shot", 0.95), notRun);
        report = report with { Summary = report.Summary with { Requirement = new RequirementSummary("accuracy", 0.5) } };

        var xml = XDocument.Parse(JUnitReport.Render(report, [new MetricGate("accuracy", 0.9), new MetricGate("rouge_l", 0.5)]));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(2 * 2 + 1, cases.Count);
        Assert.Equal(2, cases.Count(c => c.Element("skipped") is not null));
        Assert.Equal(2, (int)xml.Root!.Element("testsuite")!.Attribute("skipped")!);
        var failure = Assert.Single(cases, c => c.Element("failure") is not null);
        Assert.Equal("rouge_l", failure.Attribute("name")!.Value);
        Assert.Contains("not measured", failure.Element("failure")!.Attribute("message")!.Value);
        // Without a decision, the requirement is judged by the best CI lower bound: 0.75 ≥ 0.5.
        Assert.Null(cases.Single(c => c.Attribute("classname")!.Value == "s.requirement").Element("failure"));
    }

    [Fact]
    public void Names_with_markup_stay_well_formed_xml()
    {
        var report = Report("a<b>&\"c\"", Arm("arm<script>", 0.5));

        var xml = XDocument.Parse(JUnitReport.Render(report));

        Assert.Equal("a<b>&\"c\"", xml.Root!.Element("testsuite")!.Attribute("name")!.Value);
        Assert.Equal("a<b>&\"c\".arm<script>", xml.Descendants("testcase").Single().Attribute("classname")!.Value);
    }
}
