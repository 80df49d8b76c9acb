namespace Tunewise.FineTuning.Planning;

/// <summary>
/// What fine-tuning a model will take: parameters, adapter size, peak memory by part, FLOPs, and
/// time and dollars on each catalog GPU, with the assumptions and sources the figures rest on.
/// </summary>
public sealed record TrainingPlan
{
    public required ModelArchitecture Architecture { get; init; }
    public required PlanRequest Request { get; init; }
    public required ParameterCount Parameters { get; init; }

    /// <summary>Parameters the optimizer updates: all of them for full fine-tuning, the adapters otherwise.</summary>
    public required long TrainableParameters { get; init; }

    /// <summary>Size of what training saves: the LoRA adapter file, or the whole model for full fine-tuning.</summary>
    public required long AdapterBytes { get; init; }

    /// <summary>The base model as a 16-bit checkpoint, for comparison with <see cref="AdapterBytes"/>.</summary>
    public required long BaseCheckpointBytes { get; init; }

    public required MemoryBreakdown Memory { get; init; }

    /// <summary>Training tokens: examples × sequence length × epochs (sequences packed or padded to length).</summary>
    public required double Tokens { get; init; }

    public required double Flops { get; init; }
    public required IReadOnlyList<GpuEstimate> Gpus { get; init; }
    public required IReadOnlyList<string> Assumptions { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }

    public long PeakMemoryBytes => Memory.Total;
}
