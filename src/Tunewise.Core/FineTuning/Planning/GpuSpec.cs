namespace Tunewise.FineTuning.Planning;

/// <summary>
/// One accelerator: memory, dense BF16 throughput, the model FLOPs utilisation assumed for
/// fine-tuning, the price of one GPU-hour, and where each figure came from and when.
/// </summary>
public sealed record GpuSpec(
    string Name,
    long MemoryBytes,
    double DenseBf16TeraFlops,
    double AssumedMfu,
    double UsdPerHour,
    string SpecSource,
    string PriceSource,
    DateOnly AsOf)
{
    /// <summary>Sustained FLOP/s under the assumed utilisation.</summary>
    public double EffectiveFlopsPerSecond => DenseBf16TeraFlops * 1e12 * AssumedMfu;
}
