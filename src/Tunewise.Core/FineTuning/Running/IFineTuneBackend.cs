using Tunewise.Results;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// Trains a fine-tuning arm's model. A backend says which base models it can train (the lab engine
/// trains <c>lab:</c> models in-process); the runner then evaluates the returned model like any
/// other on the frozen test set.
/// </summary>
public interface IFineTuneBackend
{
    /// <summary>A short name for reports ("lab").</summary>
    string Name { get; }

    /// <summary>Whether this backend can train <paramref name="baseModel"/>.</summary>
    bool CanTrain(ModelSpec baseModel);

    /// <summary>
    /// Trains and returns where the tuned model is. Must resume from its own checkpoints in
    /// <see cref="FineTuneJob.OutputDirectory"/> when a previous attempt was interrupted.
    /// </summary>
    FineTuneOutcome Train(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken);

    /// <summary>Whether a model a previous run produced is still usable (its files exist).</summary>
    bool IsAvailable(FineTuneOutcome outcome);
}

/// <param name="TrainData">Chat JSONL: the prompt the arm renders for each training example, and the expected answer.</param>
/// <param name="DevData">Chat JSONL for early stopping, or null.</param>
public sealed record FineTuneJob(
    string Arm,
    ModelSpec BaseModel,
    FineTuneSpec Spec,
    string TrainData,
    string? DevData,
    string OutputDirectory,
    int Seed);

/// <summary>What training produced and cost. <see cref="ModelReference"/> is a <c>provider:model</c> reference to the tuned model.</summary>
public sealed record FineTuneOutcome
{
    public required string Backend { get; init; }
    public required string ModelReference { get; init; }
    public required string Method { get; init; }
    public required int TrainExamples { get; init; }

    /// <summary>General-capability examples mixed into training against forgetting (<c>finetune.replay</c>).</summary>
    public int ReplayExamples { get; init; }
    public int Steps { get; init; }
    public long TrainedTokens { get; init; }
    public long TrainableParameters { get; init; }
    public long TotalParameters { get; init; }
    public double TrainingSeconds { get; init; }
    public IReadOnlyList<double> LossCurve { get; init; } = [];
    public IReadOnlyList<double> DevLosses { get; init; } = [];
    public bool StoppedEarly { get; init; }

    /// <summary>The steps the epochs would take without a budget or early stopping; 0 when the backend does not say.</summary>
    public int PlannedSteps { get; init; }

    /// <summary>Why training ended (<see cref="FineTuneStopReasons"/>); null when the backend does not say.</summary>
    public string? StopReason { get; init; }

    /// <summary>The step whose weights were kept: the lowest dev loss; null without a dev set (the last step's).</summary>
    public int? BestStep { get; init; }

    /// <summary>The step after which each of <see cref="DevLosses"/> was measured.</summary>
    public IReadOnlyList<int> DevLossSteps { get; init; } = [];

    /// <summary>Set by the fine-tuning stage: examples in the dev set (0 = none, no early stopping).</summary>
    public int DevExamples { get; init; }

    /// <summary>Set by the fine-tuning stage: where the dev set came from (<see cref="FineTuneDevSources"/>); null without one.</summary>
    public string? DevSource { get; init; }

    /// <summary>General skills before and after training, per item, when the backend has a suite for the model.</summary>
    public ForgettingScores? Forgetting { get; init; }

    /// <summary>The planner's peak training memory for this run, when the backend can plan it.</summary>
    public long? PlannedMemoryBytes { get; init; }

    /// <summary>Peak training memory the backend measured (for the lab: resident memory above the pre-training level).</summary>
    public long? MeasuredMemoryBytes { get; init; }

    /// <summary>The provider's job id, for hosted fine-tuning.</summary>
    public string? JobId { get; init; }

    /// <summary>Set by the fine-tuning stage: training examples left out because curation flagged them.</summary>
    public int DroppedByCuration { get; init; }

    /// <summary>Set by the fine-tuning stage when the training labels came from a teacher.</summary>
    public TeacherSummary? Teacher { get; init; }
}

/// <summary>Per-item scores (0/1) of the base and the tuned model on the same general-skills items.</summary>
public sealed record ForgettingScores(string Suite, IReadOnlyList<string> ItemIds, IReadOnlyList<double> Base, IReadOnlyList<double> Tuned);
