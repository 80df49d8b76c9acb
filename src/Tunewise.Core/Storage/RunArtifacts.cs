namespace Tunewise.Storage;

/// <summary>
/// The one list of run artefact kinds and how each is named in the run store: the kind, and for per-arm artefacts the arm
/// after a colon. Only this class can make a <see cref="RunArtifactKind"/>, so a new artefact is added here and two stages
/// cannot pick the same name for different things. What each kind holds is typed by its owner as a
/// <see cref="RunArtifact{T}"/> built from the kind (the store knows no stage's types).
/// </summary>
public static class RunArtifacts
{
    /// <summary>The curation report of the study's train and dev data (duplicates, conflicts, leakage).</summary>
    public static RunArtifactKind Curation { get; } = new("curation", perArm: false);

    /// <summary>An arm's robustness report (spread and agreement over prompt variants).</summary>
    public static RunArtifactKind Robustness { get; } = new("robustness", perArm: true);

    /// <summary>The prompt search behind an optimized arm.</summary>
    public static RunArtifactKind Optimization { get; } = new("optimized", perArm: true);

    /// <summary>Wall-clock seconds and successful calls of an arm, summed over resumed sessions.</summary>
    public static RunArtifactKind Compute { get; } = new("compute", perArm: true);

    /// <summary>A fine-tuning arm's training outcome: the tuned model, its training and what it forgot.</summary>
    public static RunArtifactKind FineTune { get; } = new("finetune", perArm: true);

    /// <summary>Why a fine-tuning arm's training failed (an external trainer's command that exited with an error).</summary>
    public static RunArtifactKind FineTuneFailure { get; } = new("finetune-failure", perArm: true);

    /// <summary>How a baseline arm's classifier was trained: examples, CPU and wall-clock seconds.</summary>
    public static RunArtifactKind Baseline { get; } = new("baseline", perArm: true);

    /// <summary>How an arm's prompts and training sequences measured against its model's context, before any call.</summary>
    public static RunArtifactKind Context { get; } = new("context", perArm: true);

    /// <summary>A fine-tuning arm's forecast: nested subsets trained and scored on dev, and what they predict for the full set.</summary>
    public static RunArtifactKind Forecast { get; } = new("forecast", perArm: true);

    /// <summary>Every artefact kind the store may hold.</summary>
    public static IReadOnlyList<RunArtifactKind> Kinds { get; } = [Curation, Robustness, Optimization, Compute, FineTune, FineTuneFailure, Baseline, Context, Forecast];
}
