namespace Tunewise.Storage;

/// <summary>
/// The one list of run artefacts and how each is named in the run store: a kind, and for per-arm artefacts the arm after
/// a colon. A new artefact is added here, so two stages cannot pick the same name for different things.
/// </summary>
public static class RunArtifacts
{
    /// <summary>The curation report of the study's train and dev data (duplicates, conflicts, leakage).</summary>
    public const string Curation = "curation";

    public const string RobustnessKind = "robustness";

    public const string OptimizationKind = "optimized";

    public const string ComputeKind = "compute";

    public const string FineTuneKind = "finetune";

    public const string BaselineKind = "baseline";

    public const string ContextKind = "context";

    /// <summary>Every artefact kind the store may hold.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Curation, RobustnessKind, OptimizationKind, ComputeKind, FineTuneKind, BaselineKind, ContextKind];

    /// <summary>An arm's robustness report (spread and agreement over prompt variants).</summary>
    public static string Robustness(string arm) => PerArm(RobustnessKind, arm);

    /// <summary>The prompt search behind an optimized arm.</summary>
    public static string Optimization(string arm) => PerArm(OptimizationKind, arm);

    /// <summary>Wall-clock seconds and successful calls of an arm, summed over resumed sessions.</summary>
    public static string Compute(string arm) => PerArm(ComputeKind, arm);

    /// <summary>A fine-tuning arm's training outcome: the tuned model, its training and what it forgot.</summary>
    public static string FineTune(string arm) => PerArm(FineTuneKind, arm);

    /// <summary>How a baseline arm's classifier was trained: examples, CPU and wall-clock seconds.</summary>
    public static string Baseline(string arm) => PerArm(BaselineKind, arm);
    /// <summary>How an arm's prompts and training sequences measured against its model's context, before any call.</summary>
    public static string Context(string arm) => PerArm(ContextKind, arm);

    private static string PerArm(string kind, string arm)
    {
        ArgumentException.ThrowIfNullOrEmpty(arm);
        return kind + ":" + arm;
    }
}
