using System.Text.Json.Serialization;
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
    /// Whether this backend trains an arm of <paramref name="spec"/> on <paramref name="baseModel"/>. The built-in backends
    /// train arms that name no external trainer (<see cref="FineTuneSpec.Command"/>), on the base models they can train.
    /// </summary>
    bool Trains(ModelSpec baseModel, FineTuneSpec spec) => spec.Command is null && CanTrain(baseModel);

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
    int Seed)
{
    /// <summary>The frozen test split's ids: a backend that writes training data elsewhere refuses them once more there.</summary>
    public IReadOnlySet<string>? FrozenTestIds { get; init; }
}

/// <summary>What training produced and cost. <see cref="ModelReference"/> is a <c>provider:model</c> reference to the tuned model.</summary>
public sealed record FineTuneOutcome : FineTuneTraining
{
    [JsonPropertyOrder(1)]
    public required string ModelReference { get; init; }

    /// <summary>General skills before and after training, per item, when the backend has a suite for the model.</summary>
    [JsonPropertyOrder(20)]
    public ForgettingScores? Forgetting { get; init; }

    /// <summary>Set by the fine-tuning stage when the training labels came from a teacher.</summary>
    [JsonPropertyOrder(26)]
    public TeacherSummary? Teacher { get; init; }
}

/// <summary>Per-item scores (0/1) of the base and the tuned model on the same general-skills items.</summary>
public sealed record ForgettingScores(string Suite, IReadOnlyList<string> ItemIds, IReadOnlyList<double> Base, IReadOnlyList<double> Tuned);
