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

    [JsonPropertyOrder(13)]
    public bool StoppedEarly { get; init; }

    /// <summary>The planner's estimate of peak training memory for this run, when the backend can plan it.</summary>
    [JsonPropertyOrder(16)]
    public long? PlannedMemoryBytes { get; init; }

    /// <summary>Peak training memory the backend measured (for the lab: resident memory above the pre-training level).</summary>
    [JsonPropertyOrder(17)]
    public long? MeasuredMemoryBytes { get; init; }

    /// <summary>The provider's job id, for hosted fine-tuning.</summary>
    [JsonPropertyOrder(18)]
    public string? JobId { get; init; }

    /// <summary>Training examples left out because curation flagged them (<c>finetune.clean</c>); set by the fine-tuning stage.</summary>
    [JsonPropertyOrder(19)]
    public int DroppedByCuration { get; init; }
}
