using Tunewise.FineTuning.Planning;
using Tunewise.Studies;
using Xunit.Abstractions;

namespace Tunewise.Core.Tests.FineTuning.Planning;

/// <summary>The planner against figures published by the papers and tools it models.</summary>
public class PublishedFigureTests(ITestOutputHelper output)
{
    private const double GB = 1e9;
    private const double GiB = 1024d * 1024 * 1024;

    [Fact]
    public void Qlora_fits_llama_65b_on_one_48_gb_gpu()
    {
        // QLoRA paper (Dettmers et al. 2023): "finetune a 65B parameter model on a single 48GB GPU".
        // Their setup: NF4 with double quantization, LoRA r=64 on all linear layers, gradient
        // checkpointing, batch size 1; we assume 512-token sequences. A 48 GB card (RTX A6000) holds 48 GiB.
        var plan = TrainingPlanner.Plan(ArchitectureCatalog.Resolve("llama-65b"), new PlanRequest
        {
            Method = FineTuneMethod.Qlora,
            LoraRank = 64,
            LoraTargets = LoraTarget.AllLinear,
            SequenceLength = 512,
            MicroBatchSize = 1,
            GradientCheckpointing = true,
        });

        output.WriteLine($"QLoRA 65B peak: {plan.PeakMemoryBytes / GB:0.0} GB ({plan.PeakMemoryBytes / GiB:0.0} GiB); published: fits 48 GB");
        Assert.True(plan.PeakMemoryBytes < 48 * GiB, $"{plan.PeakMemoryBytes / GiB:0.0} GiB");
        // The same job in 16-bit LoRA needs well over 48 GB: 4-bit storage is what makes it fit.
        var lora = TrainingPlanner.EstimateMemory(plan.Architecture, plan.Request with { Method = FineTuneMethod.Lora });
        Assert.True(lora.Total > 2 * 48 * GiB);
    }

    [Fact]
    public void Lora_shrinks_gpt3_checkpoint_about_ten_thousand_times()
    {
        // LoRA paper (Hu et al. 2021, §4.2): r=4 on W_q and W_v of GPT-3 175B takes the checkpoint from
        // 350 GB to 35 MB, "a reduction of 10,000×". Tolerance: within a factor of 1.5 of 10,000×,
        // and the adapter within 15% of 35 MB.
        var plan = TrainingPlanner.Plan(ArchitectureCatalog.Resolve("gpt-3-175b"), new PlanRequest
        {
            Method = FineTuneMethod.Lora,
            LoraRank = 4,
            LoraTargets = LoraTarget.QueryValue,
        });

        double ratio = plan.BaseCheckpointBytes / (double)plan.AdapterBytes;
        output.WriteLine($"GPT-3 checkpoint {plan.BaseCheckpointBytes / GB:0} GB → adapter {plan.AdapterBytes / 1e6:0.0} MB, ratio {ratio:0}× (published 350 GB → 35 MB, 10,000×)");
        Assert.InRange(plan.BaseCheckpointBytes / GB, 340, 360);
        Assert.InRange(plan.AdapterBytes / 1e6, 35 * 0.85, 35 * 1.15);
        Assert.InRange(ratio, 10_000 / 1.5, 10_000 * 1.5);
    }

    // LLaMA-Factory README, "Hardware Requirement" (estimated), 7B column: full fine-tuning with
    // AMP ≈ 120 GB, LoRA (16-bit) ≈ 16 GB, QLoRA 4-bit ≈ 6 GB. We assume their defaults: Llama-2-7B,
    // batch 1, 1,024-token cutoff, gradient checkpointing on, flash attention, LoRA r=8 on all linear
    // layers; mixed bf16 with Adam. Tolerance ±30%.
    [Theory]
    [InlineData(FineTuneMethod.Full, 120)]
    [InlineData(FineTuneMethod.Lora, 16)]
    [InlineData(FineTuneMethod.Qlora, 6)]
    public void Llama_factory_7b_memory_table_within_30_percent(FineTuneMethod method, double publishedGb)
    {
        var plan = TrainingPlanner.Plan(ArchitectureCatalog.Resolve("llama-2-7b"), new PlanRequest
        {
            Method = method,
            LoraRank = 8,
            LoraTargets = LoraTarget.AllLinear,
            SequenceLength = 1024,
            MicroBatchSize = 1,
            GradientCheckpointing = true,
        });

        double planned = plan.PeakMemoryBytes / GB;
        output.WriteLine($"{method}: planner {planned:0.0} GB vs LLaMA-Factory {publishedGb} GB ({planned / publishedGb - 1:+0%;-0%})");
        Assert.InRange(planned, publishedGb * 0.7, publishedGb * 1.3);
    }
}
