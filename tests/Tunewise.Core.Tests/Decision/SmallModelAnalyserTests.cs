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
        // Nested: 6 fewer right of 400 → −0.015, lower bound about −0.027: worse than −0.02, within −0.05.
        var study = Study(0.95, 100_000,
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
}
