using System.Text.Json.Serialization;

namespace Tunewise.Results;

/// <summary>
/// What training a fine-tuning arm's model did and cost: the figures a backend's outcome records and the report states as
/// they are. <see cref="FineTuning.Running.FineTuneOutcome"/> (stored) and <see cref="FineTuneSummary"/> (reported) both
/// carry them; the property orders keep each one's JSON as it has always been written.
/// </summary>
public abstract record FineTuneTraining
{
    [JsonPropertyOrder(0)]
    public required string Backend { get; init; }

    [JsonPropertyOrder(2)]
    public required string Method { get; init; }

    [JsonPropertyOrder(4)]
    public int TrainExamples { get; init; }

    /// <summary>General-capability examples mixed into training against forgetting (<c>finetune.replay</c>).</summary>
    [JsonPropertyOrder(5)]
    public int ReplayExamples { get; init; }

    [JsonPropertyOrder(6)]
    public int Steps { get; init; }

    [JsonPropertyOrder(7)]
    public long TrainedTokens { get; init; }

    [JsonPropertyOrder(8)]
    public long TrainableParameters { get; init; }

    [JsonPropertyOrder(9)]
    public long TotalParameters { get; init; }

    [JsonPropertyOrder(10)]
    public double TrainingSeconds { get; init; }

    [JsonPropertyOrder(11)]
    public IReadOnlyList<double> LossCurve { get; init; } = [];

    [JsonPropertyOrder(12)]
    public IReadOnlyList<double> DevLosses { get; init; } = [];

    /// <summary>The step after which each of <see cref="DevLosses"/> was measured.</summary>
    [JsonPropertyOrder(13)]
    public IReadOnlyList<int> DevLossSteps { get; init; } = [];

    [JsonPropertyOrder(14)]
    public bool StoppedEarly { get; init; }

    /// <summary>The steps the epochs would take without a budget or early stopping; 0 when the backend does not say.</summary>
    [JsonPropertyOrder(15)]
    public int PlannedSteps { get; init; }

    /// <summary>Why training ended (<see cref="FineTuneStopReasons"/>: completed, early_stopping, max_steps or max_minutes); null when the backend does not say.</summary>
    [JsonPropertyOrder(16)]
    public string? StopReason { get; init; }

    /// <summary>The step whose weights were kept: the lowest dev loss; null without a dev set (the last step's).</summary>
    [JsonPropertyOrder(17)]
    public int? BestStep { get; init; }

    /// <summary>Set by the fine-tuning stage: examples in the dev set (0 = none, no early stopping).</summary>
    [JsonPropertyOrder(18)]
    public int DevExamples { get; init; }

    /// <summary>Set by the fine-tuning stage: where the dev set came from (<see cref="FineTuneDevSources"/>: study, or carved_from_train); null without one.</summary>
    [JsonPropertyOrder(19)]
    public string? DevSource { get; init; }

    /// <summary>The planner's estimate of peak training memory for this run, when the backend can plan it.</summary>
    [JsonPropertyOrder(22)]
    public long? PlannedMemoryBytes { get; init; }

    /// <summary>Peak training memory the backend measured (for the lab: resident memory above the pre-training level).</summary>
    [JsonPropertyOrder(23)]
    public long? MeasuredMemoryBytes { get; init; }

    /// <summary>The provider's job id, for hosted fine-tuning.</summary>
    [JsonPropertyOrder(24)]
    public string? JobId { get; init; }

    /// <summary>Training examples left out because curation flagged them (<c>finetune.clean</c>); set by the fine-tuning stage.</summary>
    [JsonPropertyOrder(25)]
    public int DroppedByCuration { get; init; }

    /// <summary>What training cost in dollars when the backend knows it (an external trainer: wall time × its price per hour); null otherwise.</summary>
    [JsonPropertyOrder(27)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? TrainingCostUsd { get; init; }

    /// <summary>How <see cref="TrainingCostUsd"/> was priced, e.g. "wall time × 2 × A100-80GB at $1.79 per GPU-hour (GPU catalog, as of …)"; null when it was not.</summary>
    [JsonPropertyOrder(29)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainingCostBasis { get; init; }

    /// <summary>The external trainer's log, for a command-trained arm; null otherwise.</summary>
    [JsonPropertyOrder(28)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainerLog { get; init; }
}
