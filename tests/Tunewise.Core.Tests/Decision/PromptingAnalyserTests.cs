using Tunewise.Decision;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class PromptingAnalyserTests
{
    [Fact]
    public void Prompting_is_enough_when_the_best_lower_bound_reaches_the_target()
    {
        var study = Study(0.85, 100_000,
            Arm("zero-shot", ArmTechnique.ZeroShot, 0.80, 0.76, 0.84),
            Arm("few-shot", ArmTechnique.FewShot, 0.90, 0.87, 0.93),
            Arm("lora", ArmTechnique.FineTuned, 0.95, 0.93, 0.97, oneOff: 500));

        var finding = new PromptingAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.True(finding.PromptingIsEnough);
        Assert.Equal("few-shot", finding.BestArm);
        Assert.Equal(-0.02, finding.Shortfall!.Value, 9);
        Assert.Contains("0.87", finding.Reasoning);
    }

    [Fact]
    public void When_every_prompting_arm_was_not_run_for_context_the_answer_says_so_and_names_them()
    {
        const string reason = "not run: context: 6 of 6 prompts do not fit even without demonstrations";
        var study = Study(0.85, null, Arm("lora", ArmTechnique.FineTuned, 0.70, 0.65, 0.75, oneOff: 50)) with
        {
            NotRun = [new NotRunArm("zero-shot", ArmTechnique.ZeroShot, reason), new NotRunArm("few-shot-8", ArmTechnique.FewShot, reason)],
        };

        var finding = new PromptingAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.False(finding.PromptingIsEnough);
        Assert.Equal("No prompting arm was measured: zero-shot and few-shot-8 were not run because their prompts do not fit the model's context.", finding.Answer);
        Assert.Contains("zero-shot: " + reason, finding.Reasoning, StringComparison.Ordinal);
        Assert.Contains(finding.Conclusions, c => c.Message.Contains("shorter template", StringComparison.Ordinal));
    }

    [Fact]
    public void Prompting_arms_not_run_for_another_reason_keep_the_plain_answer()
    {
        var study = Study(0.85, null, Arm("lora", ArmTechnique.FineTuned, 0.70, 0.65, 0.75, oneOff: 50)) with
        {
            NotRun = [new NotRunArm("zero-shot", ArmTechnique.ZeroShot, "not run: no fine-tuning backend is configured")],
        };

        Assert.Equal("No prompting arm was measured.", new PromptingAnalyser().Analyse(study, DecisionThresholds.Default).Answer);
    }

    [Fact]
    public void A_point_estimate_above_the_target_is_not_enough_when_the_lower_bound_is_below()
    {
        var study = Study(0.9, null, Arm("few-shot", ArmTechnique.FewShot, 0.91, 0.88, 0.94));

        var finding = new PromptingAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.False(finding.PromptingIsEnough);
        Assert.Equal(0.02, finding.Shortfall!.Value, 9);
        Assert.Contains("0.02 below the target", finding.Answer);
        Assert.Contains(finding.Conclusions, c => c.Message.Contains("larger test set", StringComparison.Ordinal));
    }

    [Fact]
    public void Retrieval_and_fine_tuned_arms_are_not_prompting()
    {
        var study = Study(0.85, null,
            Arm("zero-shot", ArmTechnique.ZeroShot, 0.70, 0.66, 0.74),
            Arm("rag", ArmTechnique.Retrieval, 0.95, 0.93, 0.97));

        var finding = new PromptingAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.False(finding.PromptingIsEnough);
        Assert.Equal("zero-shot", finding.BestArm);
        Assert.Equal(0.19, finding.Shortfall!.Value, 9);
    }

    [Fact]
    public void An_optimized_best_arm_answers_optimize_the_prompt()
    {
        var study = Study(0.85, null,
            Arm("few-shot", ArmTechnique.FewShot, 0.86, 0.83, 0.89),
            Arm("optimized", ArmTechnique.Optimized, 0.91, 0.88, 0.94, oneOff: 30));

        var result = DecisionEngine.Default.Decide(study);

        Assert.True(result.Prompting.PromptingIsEnough);
        Assert.Equal(RecommendationKind.OptimizePrompt, result.Recommendation.Kind);
        Assert.Equal("optimized", result.Recommendation.Arm);
    }
}
