using System.Collections.Immutable;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// The four practical warnings: forgetting measured for every fine-tuned arm, a curation report, a frozen
/// test set, and more than one base model compared before fine-tuning.
/// </summary>
public static class PracticalChecks
{
    public const string Forgetting = "catastrophic_forgetting";
    public const string DataQuality = "data_quality";
    public const string FrozenTestSet = "evaluation_before_training";
    public const string ModelSelection = "model_selection_before_fine_tuning";

    public static ImmutableArray<PracticalCheck> Check(StudyMeasurements measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var tuned = measurements.Arms.Where(a => a.Technique.IsTrained()).ToList();
        return
        [
            CheckForgetting(tuned),
            measurements.CurationReportWritten switch
            {
                true => new PracticalCheck(DataQuality, CheckStatus.Passed, "A curation report (duplicates, conflicts, leakage, outliers) was written."),
                false => new PracticalCheck(DataQuality, CheckStatus.Failed, "No curation report was written: duplicates, conflicts and leakage were not checked."),
                null => new PracticalCheck(DataQuality, CheckStatus.CouldNotCheck, "The measurements do not say whether the data was curated."),
            },
            measurements.TestSetFrozen switch
            {
                true => new PracticalCheck(FrozenTestSet, CheckStatus.Passed, "The test set was frozen and hashed before any arm ran."),
                false => new PracticalCheck(FrozenTestSet, CheckStatus.Failed, "The test set was not frozen before the arms ran; results may be tuned to it."),
                null => new PracticalCheck(FrozenTestSet, CheckStatus.CouldNotCheck, "The measurements do not say whether the test set was frozen."),
            },
            (measurements.BaseModelsEvaluated, tuned.Count) switch
            {
                (_, 0) => new PracticalCheck(ModelSelection, CheckStatus.NotApplicable, "No arm was fine-tuned."),
                (null, _) => new PracticalCheck(ModelSelection, CheckStatus.CouldNotCheck, "The measurements do not say how many base models were compared."),
                ( >= 2, _) => new PracticalCheck(ModelSelection, CheckStatus.Passed, $"{measurements.BaseModelsEvaluated} base models were compared before fine-tuning."),
                _ => new PracticalCheck(ModelSelection, CheckStatus.Failed, "Only one base model was evaluated before fine-tuning; another model might do better untuned."),
            },
        ];
    }

    private static PracticalCheck CheckForgetting(List<ArmMeasurement> tuned)
    {
        if (tuned.Count == 0)
            return new PracticalCheck(Forgetting, CheckStatus.NotApplicable, "No arm was fine-tuned.");
        var unmeasured = tuned.Where(a => a.Forgetting is null).Select(a => a.Name).ToList();
        if (unmeasured.Count > 0)
            return new PracticalCheck(Forgetting, CheckStatus.Failed, $"Forgetting was not measured for {string.Join(", ", unmeasured)}.");
        var lost = tuned.Where(a => a.Forgetting!.CiHigh < 0).ToList();
        return lost.Count > 0
            ? new PracticalCheck(Forgetting, CheckStatus.Failed,
                "General capability dropped after fine-tuning: " + string.Join("; ", lost.Select(a => $"{a.Name} {Signed(a.Forgetting!.Value)} (95% CI {Signed(a.Forgetting.CiLow)} to {Signed(a.Forgetting.CiHigh)})")) + ".")
            : new PracticalCheck(Forgetting, CheckStatus.Passed, "Forgetting was measured for every fine-tuned arm; no detectable loss of general capability.");
    }
}
