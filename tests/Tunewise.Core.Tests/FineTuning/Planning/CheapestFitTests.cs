using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.FineTuning.Planning;

/// <summary>Per GPU, the cheapest configuration that fits: micro-batch with gradient accumulation, checkpointing, sharding.</summary>
public class CheapestFitTests
{
    private static readonly ModelArchitecture Llama8b = ArchitectureCatalog.Resolve("llama-3.1-8b");

    private static GpuSpec Gpu(string name) => GpuCatalog.Default.Find(name)!;

    [Fact]
    public void An_8b_qlora_that_does_not_fit_a_24_gb_gpu_as_asked_fits_one_with_a_smaller_micro_batch_and_the_same_batch_per_step()
    {
        var request = new PlanRequest { Method = FineTuneMethod.Qlora, SequenceLength = 2048, MicroBatchSize = 8 };
        var plan = TrainingPlanner.Plan(Llama8b, request);
        var l4 = plan.Gpus.Single(g => g.Name == "L4");
        Assert.False(l4.Fits);

        var fit = l4.Cheapest!;

        Assert.Equal(1, fit.GpuCount);
        Assert.Null(fit.MultiGpuMethod);
        Assert.True(fit.MicroBatchSize < 8);
        Assert.True(fit.MicroBatchSize * fit.GradientAccumulationSteps >= 8);
        var chosen = TrainingPlanner.EstimateMemory(Llama8b, request with { MicroBatchSize = fit.MicroBatchSize, GradientCheckpointing = fit.GradientCheckpointing });
        Assert.Equal(chosen.Total, fit.PeakMemoryBytes);
        Assert.True(fit.PeakMemoryBytes <= Gpu("L4").MemoryBytes);
        // Nothing cheaper fits: twice the micro-batch with the same checkpointing does not.
        if (fit.MicroBatchSize * 2 <= 8)
            Assert.True(TrainingPlanner.EstimateMemory(Llama8b, request with { MicroBatchSize = fit.MicroBatchSize * 2, GradientCheckpointing = fit.GradientCheckpointing }).Total > Gpu("L4").MemoryBytes);
        Assert.Equal(fit.Hours * Gpu("L4").UsdPerHour, fit.Usd, 6);
    }

    [Fact]
    public void An_8b_qlora_at_8k_tokens_fits_a_24_gb_gpu_only_with_checkpointing()
    {
        var request = new PlanRequest { Method = FineTuneMethod.Qlora, SequenceLength = 8192, MicroBatchSize = 4 };
        Assert.True(TrainingPlanner.EstimateMemory(Llama8b, request with { MicroBatchSize = 1 }).Total > Gpu("A10G").MemoryBytes);

        var fit = TrainingPlanner.CheapestFit(Llama8b, request, Gpu("A10G"))!;

        Assert.True(fit.GradientCheckpointing);
        Assert.Equal(1, fit.GpuCount);
        // Checkpointing recomputes the forward pass: the same job without it would take less time, had it fitted.
        var without = TrainingPlanner.Plan(Llama8b, request with { MicroBatchSize = fit.MicroBatchSize });
        Assert.True(fit.Hours > without.Flops / Gpu("A10G").EffectiveFlopsPerSecond / 3600);
    }

    [Fact]
    public void A_model_that_fits_no_single_gpu_is_sharded_with_fsdp_or_zero3_never_plain_data_parallelism()
    {
        var request = new PlanRequest { Method = FineTuneMethod.Full, SequenceLength = 2048, MicroBatchSize = 8 };
        var h100 = Gpu("H100-80GB");
        Assert.True(TrainingPlanner.EstimateMemory(Llama8b, request with { MicroBatchSize = 1, GradientCheckpointing = true }).Total > h100.MemoryBytes);

        var fit = TrainingPlanner.CheapestFit(Llama8b, request, h100)!;

        Assert.True(fit.GpuCount >= 2);
        Assert.Equal(GpuFit.Sharded, fit.MultiGpuMethod);
        Assert.True(fit.PeakMemoryBytes <= h100.MemoryBytes);
        Assert.Equal(fit.Hours * fit.GpuCount * h100.UsdPerHour, fit.Usd, 6);
        // One GPU fewer cannot hold its shard.
        var memory = TrainingPlanner.EstimateMemory(Llama8b, request with { MicroBatchSize = 1, GradientCheckpointing = fit.GradientCheckpointing });
        Assert.True(memory.Activations + memory.Shardable / (double)(fit.GpuCount - 1) > h100.MemoryBytes || fit.GpuCount == 2);
    }
}
