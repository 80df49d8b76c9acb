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

    /// <summary>The step after which each of <see cref="DevLosses"/> was measured.</summary>
    public IReadOnlyList<int> DevLossSteps { get; init; } = [];
    public bool StoppedEarly { get; init; }

    /// <summary>Steps the epochs would take without a budget or early stopping (0 = unknown); <see cref="Steps"/> are those done.</summary>
    public int PlannedSteps { get; init; }

    /// <summary>completed, early_stopping, max_steps or max_minutes; null when the backend does not say.</summary>
    public string? StopReason { get; init; }

    /// <summary>The step whose weights were kept (lowest dev loss); null without a dev set.</summary>
    public int? BestStep { get; init; }

    /// <summary>Examples in the dev set, and where it came from (study, or carved_from_train); 0 and null without one.</summary>
    public int DevExamples { get; init; }
    public string? DevSource { get; init; }
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
