using Tunewise.Decision;
using Tunewise.Economics;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class CostAnalyserTests
{
    // rag: no training, $0.012 a query. lora: $6,000 of training (= $500 a month over 12 months), $0.002 a query.
    // Break-even: 0.012 v = 500 + 0.002 v  →  v = 500 / 0.010 = 50,000 queries a month.
    private static StudyMeasurements RagOrLora(long? volume, double? ragCost = 0.012) => Study(0.85, volume,
        Arm("zero-shot", ArmTechnique.ZeroShot, 0.70, 0.66, 0.74),
        Arm("rag", ArmTechnique.Retrieval, 0.90, 0.87, 0.93, costPerQuery: ragCost),
        Arm("lora", ArmTechnique.FineTuned, 0.92, 0.89, 0.95, costPerQuery: 0.002, oneOff: 6000, model: "small-8b"));

    [Fact]
    public void Break_even_volume_matches_the_hand_computed_value()
    {
        var finding = new CostAnalyser().Analyse(RagOrLora(20_000), DecisionThresholds.Default);

        var pair = Assert.Single(finding.BreakEvens);
        Assert.Equal(BreakEvenKind.Crosses, pair.Result!.Kind);
        Assert.Equal(50_000, pair.Result.Volume!.Value, 6);
        Assert.Equal("rag", pair.Result.CheaperBelow);
        Assert.Equal("lora", pair.Result.CheaperAbove);
        Assert.Contains("50,000", pair.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shorter_horizon_raises_the_break_even_volume()
    {
        // $6,000 over 6 months = $1,000 a month → 1,000 / 0.010 = 100,000.
        var thresholds = DecisionThresholds.From(new Dictionary<string, double> { ["horizon_months"] = 6 });

        var finding = new CostAnalyser().Analyse(RagOrLora(20_000), thresholds);

        Assert.Equal(100_000, finding.BreakEvens.Single().Result!.Volume!.Value, 6);
        Assert.Equal(1000, finding.Candidates.Single(c => c.Arm == "lora").AmortisedOneOffPerMonth!.Value, 9);
    }

    [Fact]
    public void Monthly_cost_is_amortised_one_off_plus_volume_times_cost_per_query()
    {
        var finding = new CostAnalyser().Analyse(RagOrLora(20_000), DecisionThresholds.Default);

        Assert.Equal(240, finding.Candidates.Single(c => c.Arm == "rag").MonthlyCost!.Value, 9);   // 20,000 × 0.012
        Assert.Equal(540, finding.Candidates.Single(c => c.Arm == "lora").MonthlyCost!.Value, 9);  // 500 + 20,000 × 0.002
        Assert.Equal("rag", finding.CheapestArm);
        Assert.DoesNotContain(finding.Candidates, c => c.Arm == "zero-shot");
        Assert.True(finding.CandidatesMeetRequirement);
    }

    [Fact]
    public void Low_volume_favours_the_arm_without_training_and_high_volume_the_fine_tune()
    {
        var low = DecisionEngine.Default.Decide(RagOrLora(20_000));
        var high = DecisionEngine.Default.Decide(RagOrLora(200_000));

        Assert.Equal(RecommendationKind.Rag, low.Recommendation.Kind);
        Assert.Contains("At over 50,000 queries a month, lora would be cheaper than rag.", low.WhatWouldChange);
        Assert.Equal(RecommendationKind.FineTune, high.Recommendation.Kind);
        Assert.Equal("lora", high.Recommendation.Arm);
        Assert.Contains("At under 50,000 queries a month, rag would be cheaper than lora.", high.WhatWouldChange);
    }

    [Fact]
    public void Low_volume_prompting_wins_although_the_fine_tune_scores_higher()
    {
        // few-shot $0.01 a query; lora $1,200 training ($100 a month) + $0.001 a query.
        // Break-even 100 / 0.009 = 11,111.1 → "11,112". At 5,000 a month: few-shot $50, lora $105.
        var study = Study(0.85, 5_000,
            Arm("few-shot", ArmTechnique.FewShot, 0.90, 0.87, 0.93, costPerQuery: 0.01),
            Arm("lora", ArmTechnique.FineTuned, 0.95, 0.93, 0.97, costPerQuery: 0.001, oneOff: 1200, model: "small-8b"));

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(RecommendationKind.Prompt, result.Recommendation.Kind);
        Assert.Equal("few-shot", result.Cost.CheapestArm);
        Assert.Equal(50, result.Cost.Candidates.Single(c => c.Arm == "few-shot").MonthlyCost!.Value, 9);
        Assert.Equal(105, result.Cost.Candidates.Single(c => c.Arm == "lora").MonthlyCost!.Value, 9);
        Assert.Equal(100 / 0.009, result.Cost.BreakEvens.Single().Result!.Volume!.Value, 6);
        Assert.Contains("At over 11,112 queries a month, lora would be cheaper than few-shot.", result.WhatWouldChange);
    }

    [Fact]
    public void Unknown_volume_prefers_the_arm_with_no_up_front_spend()
    {
        var result = DecisionEngine.Default.Decide(RagOrLora(volume: null));

        Assert.Null(result.Cost.CheapestArm);
        Assert.Equal("rag", result.Cost.PreferredArm);
        Assert.All(result.Cost.Candidates, c => Assert.Null(c.MonthlyCost));
        Assert.Equal(RecommendationKind.Rag, result.Recommendation.Kind);
        Assert.NotEqual(DecisionConfidence.High, result.Confidence);
        Assert.Contains(result.WhatWouldChange, s => s.StartsWith("Stating the monthly volume", StringComparison.Ordinal));
        Assert.Contains("At over 50,000 queries a month, lora would be cheaper than rag.", result.WhatWouldChange);
    }

    [Fact]
    public void Unknown_cost_is_reported_as_unknown_and_blocks_the_cost_claim()
    {
        var result = DecisionEngine.Default.Decide(RagOrLora(200_000, ragCost: null));

        var rag = result.Cost.Candidates.Single(c => c.Arm == "rag");
        Assert.Null(rag.CostPerQuery);
        Assert.Null(rag.MonthlyCost);
        Assert.Equal(900, result.Cost.Candidates.Single(c => c.Arm == "lora").MonthlyCost!.Value, 9);
        Assert.True(result.Cost.CostClaimBlocked);
        Assert.Null(result.Cost.CheapestArm);
        Assert.Null(result.Cost.BreakEvens.Single().Result);
        Assert.Contains(result.Cost.Conclusions, c => c.Kind == ConclusionKind.Error && c.Arm == "rag");
        Assert.Contains("cost per query unknown", result.Cost.Reasoning, StringComparison.Ordinal);
        Assert.DoesNotContain("cheapest", result.Recommendation.Summary, StringComparison.Ordinal);
        Assert.NotEqual(DecisionConfidence.High, result.Confidence);
        Assert.Contains("Knowing the cost of rag would allow a cost comparison that could change the choice.", result.WhatWouldChange);
    }

    [Fact]
    public void When_no_arm_meets_the_requirement_the_best_by_point_are_priced_and_flagged()
    {
        var study = RagOrLora(20_000) with { Requirement = new("accuracy", 0.95) };

        var result = DecisionEngine.Default.Decide(study);

        Assert.False(result.Cost.CandidatesMeetRequirement);
        Assert.Equal(["lora", "rag", "zero-shot"], result.Cost.Candidates.Select(c => c.Arm));
        Assert.Contains(result.Cost.Conclusions, c => c.Kind == ConclusionKind.Warning);
        Assert.Equal(RecommendationKind.RequirementNotMet, result.Recommendation.Kind);
        Assert.Equal("lora", result.Recommendation.Arm);
        Assert.Equal(DecisionConfidence.Low, result.Confidence);
        Assert.Contains("If the requirement were 0.89 instead of 0.95, lora would meet it.", result.WhatWouldChange);
        Assert.Contains("If the requirement were 0.66 instead of 0.95, prompting (zero-shot) would be enough.", result.WhatWouldChange);
    }

    [Fact]
    public void Prompting_that_is_enough_is_kept_and_a_cheaper_fine_tune_at_the_stated_volume_is_named()
    {
        // Same arms as the low-volume case at 50,000 a month: few-shot $500, lora $100 + $50 = $150.
        var study = Study(0.85, 50_000,
            Arm("few-shot", ArmTechnique.FewShot, 0.90, 0.87, 0.93, costPerQuery: 0.01),
            Arm("lora", ArmTechnique.FineTuned, 0.95, 0.93, 0.97, costPerQuery: 0.001, oneOff: 1200, model: "small-8b"));

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(RecommendationKind.Prompt, result.Recommendation.Kind);
        Assert.Equal("lora", result.Cost.CheapestArm);
        Assert.Contains("At the stated 50,000 queries a month, lora is already cheaper than few-shot ($150.00 vs $500.00 a month); few-shot is cheaper only under 11,112 queries a month.",
            result.WhatWouldChange);
    }
}
