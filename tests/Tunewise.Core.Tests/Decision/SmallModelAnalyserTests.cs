using Tunewise.Decision;
using Tunewise.Statistics;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class SmallModelAnalyserTests
{
    private static ArmMeasurement LargeFewShot => Scored("few-shot", ArmTechnique.FewShot, Correct(400, 336), costPerQuery: 0.01, model: "big", scale: ModelScale.Large)
        with { LatencyP50Ms = 300, LatencyP95Ms = 1200 };

    [Fact]
    public void A_small_distilled_model_that_is_not_worse_and_cheaper_is_recommended()
    {
        var study = Study(0.85, 100_000,
            LargeFewShot,
            Scored("distilled", ArmTechnique.Distilled, Correct(400, 372), costPerQuery: 0.0002, oneOff: 200, model: "small-1b", scale: ModelScale.Small)
                with { LatencyP50Ms = 40, LatencyP95Ms = 90 },
            Scored("lora-big", ArmTechnique.FineTuned, Correct(400, 372), costPerQuery: 0.01, oneOff: 2000, model: "big", scale: ModelScale.Large));

        var result = DecisionEngine.Default.Decide(study);

        Assert.True(result.SmallModel.DistilSmall);
        Assert.Equal("distilled", result.SmallModel.SmallArm);
        Assert.Equal("few-shot", result.SmallModel.LargeArm);
        Assert.Equal("exact McNemar", result.SmallModel.Test);
        Assert.Equal(36.0 / 400, result.SmallModel.QualityDifference!.Value, 9);
        Assert.Equal(ComparisonVerdict.ABetter, result.SmallModel.Verdict);
        Assert.Equal(RecommendationKind.DistilSmall, result.Recommendation.Kind);
        Assert.Equal("small-1b", result.Recommendation.Model);
        Assert.Equal((90.0, 1200.0), (result.SmallModel.SmallLatencyP95Ms!.Value, result.SmallModel.LargeLatencyP95Ms!.Value));
        Assert.Contains("Latency p95: 90 ms vs 1200 ms.", result.SmallModel.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interval_including_zero_never_names_a_better_arm()
    {
        // The small arm gets 34 examples the large one misses and misses 30 it gets: +0.01, not detectable.
        var study = Study(0.95, 100_000,
            LargeFewShot,
            Scored("lora-small", ArmTechnique.FineTuned, Correct(400, 340, from: 30), costPerQuery: 0.0005, oneOff: 100, model: "small-1b", scale: ModelScale.Small));

        var finding = new SmallModelAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.True(finding.QualityDifference!.CiLow < 0 && finding.QualityDifference.CiHigh > 0);
        Assert.Equal(ComparisonVerdict.NoDetectableDifference, finding.Verdict);
        Assert.Contains("cannot tell them apart", finding.Reasoning, StringComparison.Ordinal);
        Assert.DoesNotContain("is better", finding.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_model_below_the_non_inferiority_margin_is_not_recommended()
    {
        var study = Study(0.95, 100_000,
            LargeFewShot,
            Scored("lora-small", ArmTechnique.FineTuned, Correct(400, 300), costPerQuery: 0.0005, oneOff: 100, model: "small-1b", scale: ModelScale.Small));

        var result = DecisionEngine.Default.Decide(study);

        Assert.False(result.SmallModel.DistilSmall);
        Assert.False(result.SmallModel.NonInferior);
        Assert.Equal(ComparisonVerdict.BBetter, result.SmallModel.Verdict);
        Assert.Contains("may be worse", result.SmallModel.Answer, StringComparison.Ordinal);
        Assert.Contains(result.WhatWouldChange, s => s.StartsWith("If lora-small were at most 0.02 worse than few-shot", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wider_margin_accepts_a_small_deficit()
    {
        // Nested: 6 fewer right of 400 → −0.015, lower bound about −0.027: worse than −0.02, within −0.05. No requirement,
        // so non-inferiority to the large arm (lower bound far above the margin) is what counts.
        var study = Study(null, 100_000,
            LargeFewShot,
            Scored("lora-small", ArmTechnique.FineTuned, Correct(400, 330), costPerQuery: 0.0005, oneOff: 100, model: "small-1b", scale: ModelScale.Small));

        var strict = new SmallModelAnalyser().Analyse(study, DecisionThresholds.Default);
        var lenient = new SmallModelAnalyser().Analyse(study, DecisionThresholds.From(new Dictionary<string, double> { ["non_inferiority_margin"] = 0.05 }));

        Assert.False(strict.NonInferior);
        Assert.True(lenient.NonInferior);
        Assert.True(lenient.DistilSmall);
    }

    [Fact]
    public void Unknown_small_model_cost_blocks_the_cheaper_claim()
    {
        var study = Study(0.95, 100_000,
            LargeFewShot,
            Scored("lora-small", ArmTechnique.FineTuned, Correct(400, 372), costPerQuery: null, oneOff: 100, model: "small-1b", scale: ModelScale.Small));

        var finding = new SmallModelAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.Null(finding.Cheaper);
        Assert.False(finding.DistilSmall);
        Assert.Contains(finding.Conclusions, c => c.Kind == ConclusionKind.Error);
    }

    [Fact]
    public void Without_a_small_tuned_arm_the_question_is_not_measured()
    {
        var finding = new SmallModelAnalyser().Analyse(Study(0.9, null, LargeFewShot), DecisionThresholds.Default);

        Assert.False(finding.DistilSmall);
        Assert.Equal("Not measured.", finding.Answer);
    }

    [Fact]
    public void Matching_an_arm_that_scores_zero_is_not_an_answer()
    {
        var large = Scored("zero-shot", ArmTechnique.ZeroShot, Correct(300, 0), costPerQuery: 0.01, model: "big", scale: ModelScale.Large);
        var small = Scored("full-small", ArmTechnique.FineTuned, Correct(300, 0), costPerQuery: 0.0001, oneOff: 1, model: "small-1b", scale: ModelScale.Small);

        var withTarget = new SmallModelAnalyser().Analyse(Study(0.8, 100_000, large, small), DecisionThresholds.Default);
        var withoutTarget = new SmallModelAnalyser().Analyse(Study(null, 100_000, large, small), DecisionThresholds.Default);

        Assert.True(withTarget.NonInferior);
        Assert.True(withTarget.Cheaper);
        Assert.False(withTarget.QualityShown);
        Assert.False(withTarget.DistilSmall);
        Assert.Equal((false, false), (withTarget.SmallMeetsRequirement, withTarget.LargeMeetsRequirement));
        Assert.Equal("No: full-small does not meet the requirement, and zero-shot does not either.", withTarget.Answer);
        Assert.Contains("shows nothing", withTarget.Reasoning, StringComparison.Ordinal);
        Assert.False(withoutTarget.DistilSmall);
        Assert.StartsWith("Not shown: zero-shot itself scores within the margin of zero", withoutTarget.Answer, StringComparison.Ordinal);
        Assert.NotEqual(RecommendationKind.DistilSmall, DecisionEngine.Default.Decide(Study(0.8, 100_000, large, small)).Recommendation.Kind);
    }

    [Fact]
    public void A_small_arm_that_misses_the_requirement_counts_when_it_matches_a_large_arm_that_meets_it()
    {
        // Large: 390 of 400 right; small: the same 390 right (identical answers), so the paired difference is 0 ± 0.
        var large = Scored("few-shot", ArmTechnique.FewShot, Correct(400, 390), costPerQuery: 0.01, model: "big", scale: ModelScale.Large);
        var small = Scored("lora-small", ArmTechnique.FineTuned, Correct(400, 390), costPerQuery: 0.0005, oneOff: 100, model: "small-1b", scale: ModelScale.Small);
        var target = large.Metrics[Metric].CiLow; // the large arm just meets it
        static ArmMeasurement Below(ArmMeasurement arm, double target) => arm with { Metrics = arm.Metrics.SetItem(Metric, arm.Metrics[Metric] with { CiLow = target - 0.01 }) };

        var viaLarge = new SmallModelAnalyser().Analyse(Study(target, 100_000, large, Below(small, target)), DecisionThresholds.Default);
        var neither = new SmallModelAnalyser().Analyse(Study(target, 100_000, Below(large, target), Below(small, target)), DecisionThresholds.Default);

        Assert.Equal((false, true), (viaLarge.SmallMeetsRequirement, viaLarge.LargeMeetsRequirement));
        Assert.True(viaLarge.NonInferior);
        Assert.True(viaLarge.QualityShown);
        Assert.True(viaLarge.DistilSmall);
        Assert.Equal((false, false), (neither.SmallMeetsRequirement, neither.LargeMeetsRequirement));
        Assert.True(neither.NonInferior);
        Assert.False(neither.QualityShown);
        Assert.False(neither.DistilSmall);
    }
}
