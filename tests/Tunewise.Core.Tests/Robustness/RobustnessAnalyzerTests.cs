using Tunewise.Data;
using Tunewise.Robustness;
using Tunewise.Robustness.Perturbations;
using Tunewise.Studies;
using static Tunewise.Core.Tests.Robustness.RobustnessSamples;

namespace Tunewise.Core.Tests.Robustness;

public sealed class RobustnessAnalyzerTests
{
    private static readonly RobustnessPrompt ArmPrompt = Prompt();
    private static readonly PromptVariant Baseline = PromptVariant.Baseline(ArmPrompt);
    private static readonly PromptVariant Dash = PromptVariant.Of(ArmPrompt, new SeparatorPerturbation(), new PerturbationSetting(0, 1));
    private static readonly PromptVariant Upper = PromptVariant.Of(ArmPrompt, new LabelCasePerturbation(), new PerturbationSetting(1, 2));

    private static VariantOutcome Outcome(PromptVariant variant, params (string Output, double Score)[] rows) =>
        new(variant, [.. rows.Select((r, i) => new VariantResult($"e{i + 1}", r.Output, r.Score))]);

    private static RobustnessPlan Plan(int examples) =>
        new([Baseline, Dash, Upper], [.. Examples(examples)], examples, []);

    // Hand-computed: baseline 3/4 = 0.75, dash 1/4 = 0.25, upper 4/4 = 1.0.
    // Spread = 1.0 - 0.25 = 0.75. Agreement (case and trailing period ignored): e1 and e4 agree → 2/4.
    // Separator kind: {baseline, dash} spread 0.5, shift -0.5. Case kind: {baseline, upper} spread 0.25, shift +0.25.
    private static readonly VariantOutcome[] Table =
    [
        Outcome(Baseline, ("positive", 1), ("negative", 1), ("positive", 1), ("negative", 0)),
        Outcome(Dash, ("Positive.", 1), ("positive", 0), ("negative", 0), ("negative", 0)),
        Outcome(Upper, ("POSITIVE", 1), ("negative", 1), ("positive", 1), ("Negative", 1)),
    ];

    [Fact]
    public void Spread_agreement_and_per_kind_effects_match_the_hand_computed_table()
    {
        var report = RobustnessAnalyzer.Analyze(Plan(4), Table, RobustnessOptions.Default);

        Assert.Equal(4, report.Examples);
        Assert.Equal([0.75, 0.25, 1.0], report.Variants.Select(v => v.Score.Value));
        Assert.Equal(0.75, report.Spread.Value, 12);
        Assert.Equal(("upper", "dash"), (report.BestVariant == Upper.Name ? "upper" : "?", report.WorstVariant == Dash.Name ? "dash" : "?"));
        Assert.Equal(0.5, report.Agreement.Value, 12);
        Assert.InRange(report.Spread.CiLow, 0, 0.75);
        Assert.InRange(report.Spread.CiHigh, 0.75, 1);

        var separator = Assert.Single(report.Perturbations, p => p.Perturbation == "separator");
        Assert.Equal(0.5, separator.Spread.Value, 12);
        Assert.Equal(-0.5, separator.LargestShift, 12);
        var casing = Assert.Single(report.Perturbations, p => p.Perturbation == "case");
        Assert.Equal(0.25, casing.Spread.Value, 12);
        Assert.Equal(0.25, casing.LargestShift, 12);
        Assert.Equal("separator", report.MostSensitive);
    }

    [Fact]
    public void Identical_variants_have_zero_spread_full_agreement_and_no_sensitive_kind()
    {
        var rows = new[] { ("a", 1.0), ("b", 0.0), ("c", 1.0) };
        var report = RobustnessAnalyzer.Analyze(Plan(3), [Outcome(Baseline, rows), Outcome(Dash, rows), Outcome(Upper, rows)], RobustnessOptions.Default);
        Assert.Equal(new Tunewise.Statistics.Estimate(0, 0, 0, 3), report.Spread);
        Assert.Equal(1.0, report.Agreement.Value);
        Assert.Null(report.MostSensitive);
    }

    [Fact]
    public void An_example_that_failed_under_any_variant_is_left_out_and_counted()
    {
        var outcomes = Table.Select(o => o with { Results = [.. o.Results, new VariantResult("e5", "positive", 1)] }).ToArray();
        outcomes[1] = outcomes[1] with { Results = [.. Table[1].Results, new VariantResult("e5", null, double.NaN, "HTTP 500")] };
        var report = RobustnessAnalyzer.Analyze(Plan(5), outcomes, RobustnessOptions.Default);

        Assert.Equal(4, report.Examples);
        Assert.Equal(0.75, report.Spread.Value, 12);
        Assert.Equal([0, 1, 0], report.Variants.Select(v => v.Failed));
        Assert.Contains(report.Notes, n => n.StartsWith("1 of 5 examples failed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_report_round_trips_through_json_with_undefined_figures_as_null()
    {
        var failed = new[] { ("x", double.NaN) };
        var report = RobustnessAnalyzer.Analyze(Plan(1), [Outcome(Baseline, failed), Outcome(Dash, failed), Outcome(Upper, failed)], RobustnessOptions.Default);
        var json = report.ToJson();

        Assert.Contains("\"spread\": {\n    \"value\": null,\n    \"ci_low\": null", json.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("NaN", json);
        var back = RobustnessReport.FromJson(json);
        Assert.True(double.IsNaN(back.Spread.Value));
        Assert.Equal(report.Arm, back.Arm);
        Assert.Equal(report.Variants.Select(v => v.Name), back.Variants.Select(v => v.Name));

        var full = RobustnessReport.FromJson(RobustnessAnalyzer.Analyze(Plan(4), Table, RobustnessOptions.Default).ToJson());
        Assert.Equal(0.75, full.Spread.Value, 12);
        Assert.Equal("separator", full.MostSensitive);
    }
}
