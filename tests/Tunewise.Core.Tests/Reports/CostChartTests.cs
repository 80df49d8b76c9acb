using Tunewise.Decision;
using Tunewise.Reports;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;
using Tunewise.Results;

namespace Tunewise.Core.Tests.Reports;

public class CostChartTests
{
    /// <summary>
    /// A prompted large model at $0.002 a query against a LoRA-tuned small one at $0.0002 a query after
    /// $6,000 of training: over 12 months they cost the same at 277,778 queries a month.
    /// </summary>
    private static StudyReport FineTuneReport()
    {
        var measurements = Study(0.85, 2_000_000,
            Arm("few-shot-large", ArmTechnique.FewShot, 0.91, 0.88, 0.94, costPerQuery: 0.002, model: "large", scale: ModelScale.Large),
            Arm("lora-small", ArmTechnique.FineTuned, 0.92, 0.89, 0.95, costPerQuery: 0.0002, oneOff: 6000, model: "small", scale: ModelScale.Small));
        var decision = DecisionEngine.Default.Decide(measurements);
        var summary = ReportSamples.Summary("fine-tune-study", ReportSamples.Arm("few-shot-large", 0.91), ReportSamples.Arm("lora-small", 0.92))
            with { Requirement = new RequirementSummary("accuracy", 0.85) };
        return new StudyReport(summary, DecisionOutcome.Computed(decision));
    }

    [Fact]
    public void Each_priced_candidate_is_a_line_and_their_break_even_volume_is_marked()
    {
        var report = FineTuneReport();
        var crossing = report.Decision.Result!.Cost.BreakEvens.Single().Result!;
        Assert.Equal(6000 / 12 / (0.002 - 0.0002), crossing.Volume!.Value, 3);

        var html = HtmlReport.Render(report, []);

        Assert.Contains("aria-label=\"Monthly cost against monthly query volume\"", html);
        Assert.Equal(2, html.Split("<polyline", StringSplitOptions.None).Length - 1);
        Assert.Contains("break-even 277.8k", html);
        Assert.Contains("lora-small: $500/month fixed + $0.0002 per query", html);
        Assert.Contains("your volume: 2M/month", html);
    }
}
