namespace Tunewise.Results;

/// <summary>How a fine-tuning arm's model was trained, and what it forgot.</summary>
public sealed record FineTuneSummary
{
    public required string Backend { get; init; }
    public required string Method { get; init; }
    public required string TunedModel { get; init; }
    public int TrainExamples { get; init; }
    public int ReplayExamples { get; init; }
    public int Steps { get; init; }
    public long TrainedTokens { get; init; }
    public long TrainableParameters { get; init; }
    public long TotalParameters { get; init; }
    public double TrainingSeconds { get; init; }
    public IReadOnlyList<double> LossCurve { get; init; } = [];
    public IReadOnlyList<double> DevLosses { get; init; } = [];
    public bool StoppedEarly { get; init; }
    public ForgettingSummary? Forgetting { get; init; }

    /// <summary>The distillation teacher: its calls and cost, and how often the student agrees with it on test.</summary>
    public TeacherSummary? Teacher { get; init; }

    /// <summary>The planner's estimate of peak training memory, next to what training measured.</summary>
    public long? PlannedMemoryBytes { get; init; }
    public long? MeasuredMemoryBytes { get; init; }

    /// <summary>The provider's job id, for hosted fine-tuning.</summary>
    public string? JobId { get; init; }

    /// <summary>Training examples left out because curation flagged them (finetune.clean).</summary>
    public int DroppedByCuration { get; init; }
}
