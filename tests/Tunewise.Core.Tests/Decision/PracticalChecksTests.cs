using Tunewise.Decision;
using Tunewise.Statistics;
using static Tunewise.Core.Tests.Decision.DecisionFixtures;

namespace Tunewise.Core.Tests.Decision;

public class PracticalChecksTests
{
    private static CheckStatus StatusOf(DecisionResult result, string name) => result.Checks.Single(c => c.Name == name).Status;

    [Fact]
    public void A_careful_study_passes_every_check()
    {
        var result = DecisionEngine.Default.Decide(Study(0.85, 10_000,
            Arm("few-shot", ArmTechnique.FewShot, 0.80, 0.76, 0.84),
            Arm("lora", ArmTechnique.FineTuned, 0.93, 0.91, 0.95, oneOff: 100)));

        Assert.All(result.Checks, c => Assert.Equal(CheckStatus.Passed, c.Status));
    }

    [Fact]
    public void Missing_records_are_flagged_failed_or_could_not_check()
    {
        var study = Study(0.85, 10_000,
            Arm("few-shot", ArmTechnique.FewShot, 0.80, 0.76, 0.84),
            Arm("lora", ArmTechnique.FineTuned, 0.93, 0.91, 0.95, oneOff: 100) with { Forgetting = null }) with
        {
            CurationReportWritten = null,
            TestSetFrozen = false,
            BaseModelsEvaluated = 1,
        };

        var result = DecisionEngine.Default.Decide(study);

        Assert.Equal(CheckStatus.Failed, StatusOf(result, PracticalChecks.Forgetting));
        Assert.Contains("lora", result.Checks.Single(c => c.Name == PracticalChecks.Forgetting).Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.CouldNotCheck, StatusOf(result, PracticalChecks.DataQuality));
        Assert.Equal(CheckStatus.Failed, StatusOf(result, PracticalChecks.FrozenTestSet));
        Assert.Equal(CheckStatus.Failed, StatusOf(result, PracticalChecks.ModelSelection));
        Assert.Equal(3, result.Conclusions.Count(c => c.Analyser == "practical-checks"));
    }

    [Fact]
    public void A_detectable_loss_of_general_capability_fails_the_forgetting_check_with_its_numbers()
    {
        var study = Study(0.85, 10_000,
            Arm("lora", ArmTechnique.FineTuned, 0.93, 0.91, 0.95, oneOff: 100) with { Forgetting = new Estimate(-0.08, -0.11, -0.05, 300) });

        var check = PracticalChecks.Check(study).Single(c => c.Name == PracticalChecks.Forgetting);

        Assert.Equal(CheckStatus.Failed, check.Status);
        Assert.Contains("-0.08 (95% CI -0.11 to -0.05)", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Fine_tuning_checks_do_not_apply_when_nothing_was_tuned()
    {
        var checks = PracticalChecks.Check(Study(0.85, null, Arm("few-shot", ArmTechnique.FewShot, 0.9, 0.87, 0.93)) with { BaseModelsEvaluated = 1 });

        Assert.Equal(CheckStatus.NotApplicable, checks.Single(c => c.Name == PracticalChecks.Forgetting).Status);
        Assert.Equal(CheckStatus.NotApplicable, checks.Single(c => c.Name == PracticalChecks.ModelSelection).Status);
    }

    [Fact]
    public void A_failed_check_keeps_confidence_below_high()
    {
        var careful = Study(0.85, 10_000, Arm("few-shot", ArmTechnique.FewShot, 0.92, 0.89, 0.95));

        Assert.Equal(DecisionConfidence.High, DecisionEngine.Default.Decide(careful).Confidence);
        var careless = DecisionEngine.Default.Decide(careful with { TestSetFrozen = false });
        Assert.Equal(DecisionConfidence.Medium, careless.Confidence);
        Assert.Contains(careless.ConfidenceReasons, r => r.Contains(PracticalChecks.FrozenTestSet, StringComparison.Ordinal));
    }
}
