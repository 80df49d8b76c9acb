using Tunewise.Lab.Lora;
using Tunewise.Lab.Training;
using Tunewise.Studies;

namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// One training-memory measurement: a few optimizer steps of <see cref="Method"/> on full-length
/// random sequences, with the settings the planner is given for the same run.
/// </summary>
public sealed record TrainingMemoryProbeOptions
{
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Lora;

    /// <summary>Tokens per sequence; every sequence is this long, so the batch is never padded short.</summary>
    public int SequenceLength { get; init; } = 256;

    public int MicroBatchSize { get; init; } = 8;

    public int Rank { get; init; } = 8;

    public double Alpha { get; init; } = 16;

    /// <summary>LoRA dropout, as studies train by default; it keeps a mask and a dropped copy of each adapted input.</summary>
    public double Dropout { get; init; } = 0.05;

    public IReadOnlyList<string> Targets { get; init; } = LoraOptions.AllProjections;

    /// <summary>Optimizer steps; the peak is reached from the first backward pass on, so a few suffice.</summary>
    public int Steps { get; init; } = 3;

    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (SequenceLength < 2) throw new UserInputException("The sequence length must be at least 2 tokens.");
        if (MicroBatchSize < 1) throw new UserInputException("The micro-batch size must be at least 1.");
        if (Rank < 1) throw new UserInputException("The LoRA rank must be at least 1.");
        if (Steps < 1) throw new UserInputException("At least one training step is needed.");
        if (Dropout is < 0 or >= 1) throw new UserInputException("LoRA dropout must be in [0, 1).");
        new LoraOptions { Rank = Rank, Alpha = Alpha, Dropout = Dropout, TargetModules = Targets }.Validate();
    }
}
