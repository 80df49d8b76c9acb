namespace Tunewise.FineTuning.Planning;

/// <summary>
/// The cheapest way to run a plan on one GPU type: the micro-batch per GPU, the gradient accumulation that keeps the
/// plan's batch per optimizer step, whether gradient checkpointing is on, and on how many GPUs. A job that does not fit
/// one GPU is sharded, which plain data parallelism cannot do (every replica holds the whole model):
/// <see cref="MultiGpuMethod"/> names what shards it.
/// </summary>
public sealed record GpuFit(
    int MicroBatchSize,
    int GradientAccumulationSteps,
    bool GradientCheckpointing,
    int GpuCount,
    long PeakMemoryBytes,
    double Hours,
    double Usd)
{
    public const string Sharded = "FSDP or DeepSpeed ZeRO-3";

    /// <summary>Null on one GPU; <see cref="Sharded"/> on several.</summary>
    public string? MultiGpuMethod => GpuCount > 1 ? Sharded : null;
}
