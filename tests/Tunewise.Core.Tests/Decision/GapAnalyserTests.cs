using Tunewise.Evaluation.Errors;
using Tunewise.Decision;
using Tunewise.Studies;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class GapAnalyserTests
{
    private static readonly ErrorClassCounts MostlyContent = new(FormatViolation: 5, LabelOutsideSet: 3, WrongShape: 2, RubricOrStyle: 0, ContentError: 50);
    private static readonly ErrorClassCounts MostlyFormat = new(FormatViolation: 30, LabelOutsideSet: 20, WrongShape: 5, RubricOrStyle: 0, ContentError: 5);

    [Fact]
    public void Retrieval_closing_the_gap_is_a_knowledge_gap_and_recommends_rag()
    {
        var study = Study(0.85, 10_000,
            Scored("zero-shot", ArmTechnique.ZeroShot, Correct(200, 140)) with { Errors = MostlyContent },
            Scored("rag", ArmTechnique.Retrieval, Correct(200, 186), costPerQuery: 0.002),
            Scored("oracle", ArmTechnique.OracleContext, Correct(200, 196)));

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(GapVerdict.Knowledge, result.Gap.Verdict);
        Assert.Equal(0.15, result.Gap.Gap!.Value, 9);
        var rag = Assert.Single(result.Gap.Shares, s => s.Arm == "rag");
        Assert.Equal((0.93 - 0.70) / 0.15, rag.Share.Value, 9);
        Assert.True(rag.Share.CiLow > 0.5);
        Assert.Equal("paired bootstrap over examples", rag.Method);
        Assert.Equal(10.0 / 60, result.Gap.BehaviourErrorShare!.Value, 9);
        Assert.Equal(RecommendationKind.Rag, result.Recommendation.Kind);
        Assert.Equal("rag", result.Recommendation.Arm);
        Assert.DoesNotContain(result.Cost.Candidates, c => c.Arm == "oracle");
    }

    [Fact]
    public void Format_and_label_errors_with_a_fine_tune_closing_the_gap_are_a_behaviour_gap()
    {
        var study = Study(0.85, 1_000_000,
            Scored("zero-shot", ArmTechnique.ZeroShot, Correct(200, 140)) with { Errors = MostlyFormat },
            Scored("rag", ArmTechnique.Retrieval, Correct(200, 150)),
            Scored("lora", ArmTechnique.FineTuned, Correct(200, 184), costPerQuery: 0.0002, oneOff: 300, model: "small-8b"));

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(GapVerdict.Behaviour, result.Gap.Verdict);
        Assert.Equal(55.0 / 60, result.Gap.BehaviourErrorShare!.Value, 9);
        Assert.Equal((0.75 - 0.70) / 0.15, result.Gap.Shares.Single(s => s.Arm == "rag").Share.Value, 9);
        Assert.Contains("92% behaviour failures", result.Gap.Reasoning, StringComparison.Ordinal);
        Assert.Equal(RecommendationKind.FineTune, result.Recommendation.Kind);
        Assert.Equal("small-8b", result.Recommendation.Model);
        Assert.Equal(Tunewise.Studies.FineTuneMethod.Lora, result.Recommendation.FineTuneMethod);
        Assert.Contains("Fine-tune small-8b with LoRA", result.Recommendation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_whose_interval_includes_zero_is_not_called_a_knowledge_gap()
    {
        // rag is right on 55 examples zero-shot misses and wrong on 40 it gets: +0.075 but an interval across 0.
        var study = Study(0.84, null,
            Scored("zero-shot", ArmTechnique.ZeroShot, Correct(200, 140)),
            Scored("rag", ArmTechnique.Retrieval, Correct(200, 155, from: 40)));

        var finding = new GapAnalyser().Analyse(study, DecisionThresholds.Default);

        var rag = finding.Shares.Single();
        Assert.True(rag.Share.Value >= 0.5, $"share {rag.Share.Value}");
        Assert.True(rag.Share.CiLow < 0, $"CI low {rag.Share.CiLow}");
        Assert.Equal(GapVerdict.Mixed, finding.Verdict);
        Assert.Contains(finding.Conclusions, c => c.Message.Contains("includes 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_per_example_scores_the_share_interval_is_a_stated_approximation()
    {
        var study = Study(0.85, null,
            Arm("zero-shot", ArmTechnique.ZeroShot, 0.70, 0.66, 0.74),
            Arm("rag", ArmTechnique.Retrieval, 0.90, 0.87, 0.93));

        var finding = new GapAnalyser().Analyse(study, DecisionThresholds.Default);

        var rag = finding.Shares.Single();
        // Half-widths 0.04 and 0.03 combine to 0.05 on the difference 0.20; divided by the gap 0.15.
        Assert.Equal(0.20 / 0.15, rag.Share.Value, 9);
        Assert.Equal(0.15 / 0.15, rag.Share.CiLow, 6);
        Assert.Equal(0.25 / 0.15, rag.Share.CiHigh, 6);
        Assert.StartsWith("normal approximation", rag.Method, StringComparison.Ordinal);
        Assert.Contains(finding.Conclusions, c => c.Message.Contains("approximated", StringComparison.Ordinal));
    }

    [Fact]
    public void The_knowledge_threshold_comes_from_the_thresholds()
    {
        var study = Study(0.85, null,
            Arm("zero-shot", ArmTechnique.ZeroShot, 0.70, 0.66, 0.74),
            Arm("rag", ArmTechnique.Retrieval, 0.78, 0.75, 0.81));

        Assert.Equal(GapVerdict.Knowledge, new GapAnalyser().Analyse(study, DecisionThresholds.Default).Verdict);
        var stricter = DecisionThresholds.From(new Dictionary<string, double> { ["knowledge_gap_closed"] = 0.6 });
        Assert.Equal(GapVerdict.Mixed, new GapAnalyser().Analyse(study, stricter).Verdict);
    }

    [Fact]
    public void No_gap_question_when_prompting_is_enough()
    {
        var study = Study(0.8, null, Arm("few-shot", ArmTechnique.FewShot, 0.9, 0.87, 0.93), Arm("rag", ArmTechnique.Retrieval, 0.95, 0.93, 0.97));

        var finding = new GapAnalyser().Analyse(study, DecisionThresholds.Default);

        Assert.Equal(GapVerdict.NotApplicable, finding.Verdict);
        Assert.Empty(finding.Shares);
    }
}
