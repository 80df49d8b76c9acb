using Tunewise.Evaluation.Errors;
using System.Text.Json.Nodes;
using Tunewise.Decision;
using Tunewise.Statistics;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class DecisionEngineTests
{
    [Fact]
    public void Prompt_wins_with_high_confidence_and_names_the_requirement_that_would_change_it()
    {
        var study = Study(0.85, 10_000,
            Arm("zero-shot", ArmTechnique.ZeroShot, 0.80, 0.76, 0.84),
            Arm("few-shot", ArmTechnique.FewShot, 0.92, 0.894, 0.946));

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(RecommendationKind.Prompt, result.Recommendation.Kind);
        Assert.Equal("few-shot", result.Recommendation.Arm);
        Assert.Equal(DecisionConfidence.High, result.Confidence);
        Assert.Equal(GapVerdict.NotApplicable, result.Gap.Verdict);
        Assert.Contains("If the requirement rose above 0.894 (instead of 0.85), prompting (few-shot) would no longer be enough.", result.WhatWouldChange);
    }

    [Fact]
    public void A_requirement_just_above_prompting_is_named_as_the_change_that_would_make_prompting_enough()
    {
        var study = Study(0.9, 10_000,
            Arm("few-shot", ArmTechnique.FewShot, 0.88, 0.8537, 0.9063),
            Arm("lora", ArmTechnique.FineTuned, 0.95, 0.93, 0.97, oneOff: 100));

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(RecommendationKind.FineTune, result.Recommendation.Kind);
        Assert.Contains("If the requirement were 0.853 instead of 0.9, prompting (few-shot) would be enough.", result.WhatWouldChange);
    }

    [Fact]
    public void Confidence_is_medium_near_the_target_and_low_with_a_wide_interval()
    {
        var near = DecisionEngine.Default.Decide(Study(0.85, 10_000, Arm("few-shot", ArmTechnique.FewShot, 0.89, 0.86, 0.92)));
        var wide = DecisionEngine.Default.Decide(Study(0.60, 10_000, Arm("few-shot", ArmTechnique.FewShot, 0.80, 0.65, 0.90, n: 30)));

        Assert.Equal(DecisionConfidence.Medium, near.Confidence);
        Assert.Contains(near.ConfidenceReasons, r => r.Contains("only 0.01", StringComparison.Ordinal));
        Assert.Equal(DecisionConfidence.Low, wide.Confidence);
        Assert.Contains(wide.ConfidenceReasons, r => r.Contains("0.25 wide", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_requirement_the_best_arm_is_named_but_not_judged()
    {
        var result = DecisionEngine.Default.Decide(Study(null, 10_000,
            Arm("few-shot", ArmTechnique.FewShot, 0.80, 0.76, 0.84),
            Arm("rag", ArmTechnique.Retrieval, 0.90, 0.87, 0.93)));

        Assert.Equal(RecommendationKind.NoRequirement, result.Recommendation.Kind);
        Assert.Equal("rag", result.Recommendation.Arm);
        Assert.Equal(DecisionConfidence.Low, result.Confidence);
        Assert.Equal(0.10, result.Gap.Gap!.Value, 9);   // to the best achievable value
        Assert.False(result.Cost.CandidatesMeetRequirement);
        Assert.Contains(result.Cost.Conclusions, c => c.Message.StartsWith("The study states no requirement", StringComparison.Ordinal));
    }

    [Fact]
    public void Measurements_round_trip_through_snake_case_json_with_nan_as_null()
    {
        var study = Study(0.85, 10_000,
            Scored("zero-shot", ArmTechnique.ZeroShot, Correct(20, 14)) with
            {
                Errors = new ErrorClassCounts(1, 2, 0, 0, 3),
                LatencyP50Ms = 120,
                LatencyP95Ms = 480,
            },
            Arm("lora", ArmTechnique.FineTuned, 0.93, double.NaN, double.NaN, costPerQuery: null, oneOff: 100, model: "small-8b", scale: ModelScale.Small) with
            {
                ModelParameters = 8_000_000_000,
            });

        var json = DecisionJson.Serialize(study);
        var node = JsonNode.Parse(json)!;
        var lora = node["arms"]![1]!;
        Assert.Equal("fine_tuned", lora["technique"]!.GetValue<string>());
        Assert.Equal("lora", lora["fine_tune_method"]!.GetValue<string>());
        Assert.Equal("small", lora["scale"]!.GetValue<string>());
        Assert.Null(lora["metrics"]!["accuracy"]!["ci_low"]);
        Assert.Null(lora["cost_per_query"]);
        Assert.Equal(85, (int)(node["requirement"]!["target"]!.GetValue<double>() * 100));
        Assert.Equal(3, node["arms"]![0]!["errors"]!["content_error"]!.GetValue<int>());

        var back = DecisionJson.Deserialize<StudyMeasurements>(json)!;
        Assert.True(double.IsNaN(back.Arms[1].Metrics["accuracy"].CiLow));
        Assert.Equal(study.Arms[0].ExampleScores.ToArray(), back.Arms[0].ExampleScores.ToArray());
        Assert.Equal(study.Arms[0].Errors, back.Arms[0].Errors);
        Assert.Equal(8_000_000_000, back.Arms[1].ModelParameters);
        Assert.Equal(study.QueriesPerMonth, back.QueriesPerMonth);
    }

    [Fact]
    public void The_whole_result_serialises()
    {
        var result = DecisionEngine.Default.Decide(Study(0.85, 10_000,
            Arm("zero-shot", ArmTechnique.ZeroShot, 0.70, 0.66, 0.74),
            Arm("rag", ArmTechnique.Retrieval, 0.90, 0.87, 0.93, costPerQuery: null)));

        var node = JsonNode.Parse(DecisionJson.Serialize(result))!;

        Assert.Equal("rag", node["recommendation"]!["kind"]!.GetValue<string>());
        Assert.NotNull(node["prompting"]!["best_arm"]);
        Assert.NotNull(node["gap"]!["shares"]);
        Assert.NotNull(node["cost"]!["candidates"]);
        Assert.NotNull(node["small_model"]);
        Assert.Equal(4, node["checks"]!.AsArray().Count);
        Assert.Null(node["cost"]!["candidates"]![0]!["monthly_cost"]);
    }

    [Fact]
    public void Every_analyser_answers_through_the_common_interface()
    {
        IDecisionAnalyser[] analysers = [new PromptingAnalyser(), new GapAnalyser(), new CostAnalyser(), new SmallModelAnalyser()];
        var study = Study(0.85, 10_000, Arm("few-shot", ArmTechnique.FewShot, 0.90, 0.87, 0.93));

        var findings = analysers.Select(a => a.Analyse(study, DecisionThresholds.Default)).ToList();

        Assert.Equal([1, 2, 3, 4], findings.Select(f => f.Number));
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.Reasoning)));
        Assert.Equal(["prompting", "gap", "cost", "small-model"], analysers.Select(a => a.Id));
    }

    [Fact]
    public void Unused_estimate_is_ignored()
    {
        var arm = Arm("few-shot", ArmTechnique.FewShot, 0.90, 0.87, 0.93) with
        {
            Metrics = System.Collections.Immutable.ImmutableDictionary<string, Estimate>.Empty.Add("macro_f1", new Estimate(0.5, 0.4, 0.6, 100)),
        };

        var result = DecisionEngine.Default.Decide(Study(0.85, null, arm));

        Assert.Equal(RecommendationKind.RequirementNotMet, result.Recommendation.Kind);
        Assert.Null(result.Recommendation.Arm);
        Assert.Equal("No prompting arm was measured.", result.Prompting.Answer);
    }

    [Fact]
    public void Measurements_the_procedure_cannot_reason_about_are_rejected_with_the_arm_named()
    {
        var few = Arm("few-shot", ArmTechnique.FewShot, 0.90, 0.87, 0.93);

        var duplicate = Assert.Throws<ArgumentException>(() => DecisionEngine.Default.Decide(Study(0.85, null, few, few)));
        var negative = Assert.Throws<ArgumentException>(() => DecisionEngine.Default.Decide(Study(0.85, null, few with { CostPerQuery = -0.01 })));
        var nan = Assert.Throws<ArgumentException>(() => DecisionEngine.Default.Decide(Study(0.85, null, few with { ExampleScores = [1, double.NaN] })));

        Assert.Contains("'few-shot' appears 2 times", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("Arm 'few-shot': costs cannot be negative", negative.Message, StringComparison.Ordinal);
        Assert.Contains("index 1", nan.Message, StringComparison.Ordinal);
    }
}
