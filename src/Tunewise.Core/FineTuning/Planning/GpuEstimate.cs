namespace Tunewise.FineTuning.Planning;

/// <summary>
/// A plan on one GPU type. <see cref="Fits"/> says whether a single GPU holds the job;
/// <see cref="GpuCount"/> is 1 when it does, the smallest ZeRO-3/FSDP shard count that fits when it
/// does not, or null when no count up to the planner's limit fits. Hours are wall-clock on
/// <see cref="GpuCount"/> GPUs; dollars pay for all of them.
/// </summary>
public sealed record GpuEstimate(string Name, bool Fits, int? GpuCount, double? Hours, double? Usd, GpuSpec Gpu)
{
    /// <summary>
    /// The cheapest configuration that fits this GPU (micro-batch, gradient accumulation, checkpointing, GPU count), which
    /// may differ from the one asked for; null when none fits even sharded over the planner's limit.
    /// </summary>
    public GpuFit? Cheapest { get; init; }
}
