namespace Tunewise.Lab.Training;

/// <summary>How a <see cref="Trainer"/> runs. The same options serve full, LoRA and QLoRA fine-tuning.</summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 3;

    /// <summary>
    /// A step budget: stops after this many optimizer steps in total, if fewer than the epochs would take. The
    /// learning-rate schedule decays over the budget, so a budgeted run ends at the floor rate.
    /// </summary>
    public int? MaxSteps { get; init; }

    /// <summary>
    /// A time budget: no step starts once training (dev evaluation included, resumed runs summed) has taken this long.
    /// The schedule still spans the planned steps, since how many fit is not known in advance.
    /// </summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Sequences per micro-batch.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// Draw each batch from examples of similar length (shuffled pools sorted by length), so steps pad little.
    /// Off, batches are consecutive runs of the shuffled order.
    /// </summary>
    public bool BucketByLength { get; init; } = true;

    /// <summary>Micro-batches whose gradients add up to one optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>Peak AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 2e-4;

    public double WeightDecay { get; init; } = 0.0;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Steps of linear warm-up before the cosine decay.</summary>
    public int WarmupSteps { get; init; } = 10;

    /// <summary>The rate at the last step, as a fraction of the peak.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>Gradients are clipped to this global L2 norm; null turns clipping off.</summary>
    public double? MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Dev evaluations without a better dev loss before training stops; null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; } = 2;

    /// <summary>
    /// Dev evaluations per epoch, evenly spaced by steps; the last is at the end of the epoch. A run that a budget
    /// ends between two evaluations is evaluated once more at its last step.
    /// </summary>
    public int EvaluationsPerEpoch { get; init; } = 1;

    /// <summary>
    /// End with the weights of the evaluation with the lowest dev loss rather than those of the last step (only with a
    /// dev set). Checkpoints carry those weights, so a resumed run keeps them too.
    /// </summary>
    public bool KeepBestByDevLoss { get; init; } = true;

    public long PadTokenId { get; init; }

    /// <summary>Seeds torch's generator (dropout) and the data order.</summary>
    public int Seed { get; init; } = 13;

    /// <summary>Where checkpoints go; null writes none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Optimizer steps between checkpoints.</summary>
    public int CheckpointEverySteps { get; init; } = 50;

    /// <summary>Continue from the newest checkpoint in <see cref="CheckpointDirectory"/>, if there is one.</summary>
    public bool Resume { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Train for at least one epoch.");
        if (MaxSteps is < 1) throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "MaxSteps must be positive.");
        if (MaxDuration is { } duration && duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxDuration), MaxDuration, "MaxDuration must be positive.");
        if (EvaluationsPerEpoch < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationsPerEpoch), EvaluationsPerEpoch, "Evaluate at least once per epoch.");
        if (EarlyStoppingPatience is < 1) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "Patience must be at least one evaluation.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be at least 1.");
        if (GradientAccumulationSteps < 1) throw new ArgumentOutOfRangeException(nameof(GradientAccumulationSteps), GradientAccumulationSteps, "Accumulate at least one micro-batch.");
        if (LearningRate <= 0) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "Warm-up steps cannot be negative.");
        if (CheckpointEverySteps < 1) throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), CheckpointEverySteps, "Checkpoint at least every step.");
        if (Resume && CheckpointDirectory is null) throw new ArgumentException("Resuming needs a checkpoint directory.", nameof(Resume));
    }
}
