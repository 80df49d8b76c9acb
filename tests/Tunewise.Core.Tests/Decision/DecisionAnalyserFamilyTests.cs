using Tunewise.Decision;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class DecisionAnalyserFamilyTests
{
    /// <summary>An analyser a team adds: it answers no question of its own but warns about a latency budget.</summary>
    private sealed class LatencyBudgetAnalyser : IDecisionAnalyser
    {
        public string Id => "latency-budget";

        public QuestionFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds) => new LatencyFinding
        {
            Number = 5,
            Question = "Is every arm within the latency budget?",
            Answer = "Unknown",
            Reasoning = "No arm recorded its latency.",
            Conclusions = [Conclusion.Warning(Id, "Record latency to check the budget.")],
        };
    }

    private sealed record LatencyFinding : QuestionFinding;

    [Fact]
    public void An_added_analyser_s_conclusions_are_reported_beside_the_four_questions()
    {
        var study = Study(0.85, 10_000, Arm("few-shot", ArmTechnique.FewShot, 0.92, 0.894, 0.946));
        var engine = new DecisionEngine(new CompositeDecisionAnalyser([.. DecisionAnalysers.Default.Analysers, new LatencyBudgetAnalyser()]));

        var result = engine.Decide(study);

        Assert.Equal(RecommendationKind.Prompt, result.Recommendation.Kind);
        Assert.Single(result.Conclusions, c => c.Analyser == "latency-budget");
        Assert.Equal(DecisionEngine.Default.Decide(study).Conclusions, result.Conclusions.Where(c => c.Analyser != "latency-budget"));
    }

    [Fact]
    public void A_preset_without_one_of_the_four_questions_is_refused_naming_it()
    {
        var study = Study(0.85, 10_000, Arm("few-shot", ArmTechnique.FewShot, 0.92, 0.894, 0.946));
        var engine = new DecisionEngine(new CompositeDecisionAnalyser(new PromptingAnalyser(), new GapAnalyser(), new SmallModelAnalyser()));

        var error = Assert.Throws<InvalidOperationException>(() => engine.Decide(study));

        Assert.Contains("question 3 (CostFinding)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_analysers_with_one_id_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CompositeDecisionAnalyser(new PromptingAnalyser(), new PromptingAnalyser()));

        Assert.Contains("'prompting'", error.Message, StringComparison.Ordinal);
    }
}
