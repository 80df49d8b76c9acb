namespace Tunewise.FineTuning.Planning;

/// <summary>Peak training memory on one device, by what holds it, in bytes.</summary>
public sealed record MemoryBreakdown(long Weights, long Gradients, long OptimizerState, long Activations)
{
    public long Total => Weights + Gradients + OptimizerState + Activations;

    /// <summary>The part ZeRO-3/FSDP divides across GPUs: everything but activations.</summary>
    public long Shardable => Weights + Gradients + OptimizerState;
}
