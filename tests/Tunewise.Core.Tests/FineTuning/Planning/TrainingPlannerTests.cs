using Tunewise.FineTuning.Planning;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.FineTuning.Planning;

public class TrainingPlannerTests
{
    private static readonly ModelArchitecture Llama7b = ArchitectureCatalog.Resolve("llama-2-7b");

    /// <summary>A lab-sized Llama: small enough that the lab engine can train it on a CPU.</summary>
    private static readonly ModelArchitecture TinyLab = new()
    {
        Name = "tw-tiny",
        HiddenSize = 64,
        IntermediateSize = 172,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        HeadDim = 16,
        VocabSize = 512,
        TieWordEmbeddings = true,
    };

    [Fact]
    public void Full_mixed_precision_costs_16_bytes_per_parameter_before_activations()
    {
        var memory = TrainingPlanner.EstimateMemory(Llama7b, new PlanRequest { Method = FineTuneMethod.Full });
        long n = 6_738_415_616L;
        Assert.Equal(2 * n, memory.Weights);
        Assert.Equal(2 * n, memory.Gradients);
        Assert.Equal(12 * n, memory.OptimizerState);
    }

    [Fact]
    public void Lora_costs_2_bytes_per_frozen_and_16_per_trainable_parameter()
    {
        var plan = TrainingPlanner.Plan(Llama7b, new PlanRequest { Method = FineTuneMethod.Lora, LoraRank = 16 });
        long n = 6_738_415_616L, t = plan.TrainableParameters;
        Assert.Equal(2 * n + 2 * t, plan.Memory.Weights);
        Assert.Equal(14 * t, plan.Memory.Gradients + plan.Memory.OptimizerState);
    }

    [Fact]
    public void Qlora_stores_projections_in_about_half_a_byte_and_the_rest_in_16_bit()
    {
        var counts = Llama7b.CountParameters();
        var withDq = TrainingPlanner.EstimateMemory(Llama7b, new PlanRequest { Method = FineTuneMethod.Qlora });
        var withoutDq = TrainingPlanner.EstimateMemory(Llama7b, new PlanRequest { Method = FineTuneMethod.Qlora, DoubleQuantization = false });
        var defaults = new PlanRequest();
        long t = TrainingPlanner.LoraParameters(Llama7b, defaults.LoraRank, defaults.LoraTargets);

        double dqBytesPerWeight = (withDq.Weights - 2 * counts.NonLinear - 2 * t) / (double)counts.LinearWeights;
        double plainBytesPerWeight = (withoutDq.Weights - 2 * counts.NonLinear - 2 * t) / (double)counts.LinearWeights;
        // QLoRA §3: fp32 constants cost 32/64 = 0.5 bits per weight; double quantization 8/64 + 32/(64·256) ≈ 0.127 bits.
        Assert.Equal(0.5 + 0.5 / 8, plainBytesPerWeight, 4);
        Assert.Equal(0.5 + 0.127 / 8, dqBytesPerWeight, 3);
    }

    [Fact]
    public void Methods_order_by_memory_and_checkpointing_cuts_activations()
    {
        var request = new PlanRequest { SequenceLength = 2048, MicroBatchSize = 4 };
        long full = TrainingPlanner.EstimateMemory(Llama7b, request with { Method = FineTuneMethod.Full }).Total;
        long lora = TrainingPlanner.EstimateMemory(Llama7b, request with { Method = FineTuneMethod.Lora }).Total;
        long qlora = TrainingPlanner.EstimateMemory(Llama7b, request with { Method = FineTuneMethod.Qlora }).Total;
        Assert.True(full > lora && lora > qlora);

        long plain = TrainingPlanner.ActivationBytes(Llama7b, request);
        long checkpointed = TrainingPlanner.ActivationBytes(Llama7b, request with { GradientCheckpointing = true });
        long withoutFlash = TrainingPlanner.ActivationBytes(Llama7b, request with { FlashAttention = false });
        Assert.True(checkpointed * 4 < plain, $"{checkpointed} vs {plain}");
        // Without flash attention every layer keeps a·s² softmax values per sequence.
        Assert.Equal(32L * 4 * 32 * 2048 * 2048 * 2, withoutFlash - plain);
    }

    [Fact]
    public void Gpt_layer_activations_match_korthikanti_without_dropout_masks()
    {
        // Korthikanti et al. 2022: 34·s·b·h bytes per layer with flash attention, of which 2·s·b·h are dropout masks.
        var gpt3 = ArchitectureCatalog.Resolve("gpt-3-175b");
        var request = new PlanRequest { Method = FineTuneMethod.Full, SequenceLength = 2048, MicroBatchSize = 1 };
        long total = TrainingPlanner.ActivationBytes(gpt3, request);
        double logits = 2048.0 * 50257 * (2 + 4);
        double perLayer = (total - logits) / 96;
        Assert.Equal(32.0 * 2048 * 12288, perLayer, precision: 0);
    }

    [Fact]
    public void Flops_follow_6N_for_full_and_4N_for_adapters()
    {
        var request = new PlanRequest { Examples = 1000, SequenceLength = 1000, Epochs = 1, LoraRank = 8 };
        var full = TrainingPlanner.Plan(Llama7b, request with { Method = FineTuneMethod.Full });
        var lora = TrainingPlanner.Plan(Llama7b, request with { Method = FineTuneMethod.Lora });
        double n = 6_738_415_616d - 32000d * 4096; // the embedding lookup is not a matmul
        Assert.Equal(1e6, full.Tokens);
        Assert.Equal(6 * n * 1e6, full.Flops, 1e-9 * full.Flops);
        Assert.Equal((4 * n + 6.0 * lora.TrainableParameters) * 1e6, lora.Flops, 1e-9 * lora.Flops);

        var recomputed = TrainingPlanner.Plan(Llama7b, request with { Method = FineTuneMethod.Full, GradientCheckpointing = true });
        Assert.Equal(8 * n * 1e6, recomputed.Flops, 1e-9 * recomputed.Flops);
    }

    [Fact]
    public void Hours_and_dollars_follow_flops_throughput_and_price()
    {
        var plan = TrainingPlanner.Plan(Llama7b, new PlanRequest { Method = FineTuneMethod.Qlora, Examples = 10_000, MicroBatchSize = 1, GradientCheckpointing = true });
        var a100 = plan.Gpus.Single(g => g.Name == "A100-80GB");
        Assert.True(a100.Fits);
        double expectedHours = plan.Flops / (312e12 * a100.Gpu.AssumedMfu) / 3600;
        Assert.Equal(expectedHours, a100.Hours!.Value, 1e-9);
        Assert.Equal(expectedHours * a100.Gpu.UsdPerHour, a100.Usd!.Value, 1e-9);
    }

    [Fact]
    public void A_job_too_big_for_one_gpu_is_sharded_over_the_fewest_that_hold_it()
    {
        var plan = TrainingPlanner.Plan(ArchitectureCatalog.Resolve("llama-2-70b"), new PlanRequest
        {
            Method = FineTuneMethod.Full,
            SequenceLength = 1024,
            MicroBatchSize = 1,
            GradientCheckpointing = true,
        });
        var h100 = plan.Gpus.Single(g => g.Name == "H100-80GB");
        Assert.False(h100.Fits);
        int n = h100.GpuCount!.Value;
        long room = h100.Gpu.MemoryBytes - plan.Memory.Activations;
        Assert.True(plan.Memory.Shardable / n <= room);
        Assert.True(plan.Memory.Shardable / (n - 1) > room);
        Assert.True(plan.Gpus.Single(g => g.Name == "A10G").GpuCount >= 3 * n); // 24 GB cards need over three times as many

        // Activations stay on every GPU: when they alone exceed a card, no shard count helps.
        var huge = TrainingPlanner.Plan(plan.Architecture, plan.Request with { SequenceLength = 8192, MicroBatchSize = 8, GradientCheckpointing = false });
        Assert.All(huge.Gpus.Where(g => g.Gpu.MemoryBytes < huge.Memory.Activations), g => Assert.Null(g.GpuCount));
        Assert.Contains(huge.Gpus, g => g.GpuCount is null);
    }

    [Fact]
    public void Default_gpu_catalog_has_sourced_dated_figures()
    {
        var names = GpuCatalog.Default.Gpus.Select(g => g.Name).ToList();
        Assert.Equal(["A10G", "L4", "A100-40GB", "A100-80GB", "H100-80GB", "H200-141GB"], names);
        Assert.All(GpuCatalog.Default.Gpus, g =>
        {
            Assert.False(string.IsNullOrWhiteSpace(g.SpecSource));
            Assert.False(string.IsNullOrWhiteSpace(g.PriceSource));
            Assert.InRange(g.AssumedMfu, 0.3, 0.5);
            Assert.True(g.AsOf.Year >= 2024);
        });
        Assert.Equal(141e9, GpuCatalog.Default.Find("h200-141gb")!.MemoryBytes);
    }

    [Fact]
    public void A_custom_gpu_catalog_replaces_the_default_and_bad_entries_name_the_field()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gpus.json"), """
            { "gpus": [ { "name": "MI300X", "memory_gb": 192, "bf16_tflops": 1307, "mfu": 0.3, "usd_per_hour": 4.0,
                          "spec_source": "AMD MI300X datasheet", "price_source": "our contract", "as_of": "2026-01-01" } ] }
            """);
        var plan = TrainingPlanner.Plan(Llama7b, new PlanRequest(), GpuCatalog.Load(dir.File("gpus.json")));
        Assert.Equal("MI300X", Assert.Single(plan.Gpus).Name);

        File.WriteAllText(dir.File("bad.json"), """{ "gpus": [ { "name": "X", "memory_gb": 80, "bf16_tflops": 100, "mfu": 1.5, "usd_per_hour": 1, "spec_source": "s", "price_source": "p", "as_of": "2026-01-01" } ] }""");
        var error = Assert.Throws<UserInputException>(() => GpuCatalog.Load(dir.File("bad.json")));
        Assert.Contains("gpus[0]", error.Message);
        Assert.Contains("'mfu'", error.Message);
    }

    [Fact]
    public void Lab_settings_plan_fp32_and_pair_with_a_measurement()
    {
        var request = PlanRequest.LabCpu(FineTuneMethod.Full, sequenceLength: 64, microBatchSize: 4, loraRank: 4, LoraTarget.QueryValue);
        var memory = TrainingPlanner.EstimateMemory(TinyLab, request);
        long n = TinyLab.CountParameters().Total;
        Assert.Equal(4 * n, memory.Weights);
        Assert.Equal(4 * n, memory.Gradients);
        Assert.Equal(8 * n, memory.OptimizerState);

        var comparison = PlannedVersusMeasured.ForLab(TinyLab, request, measuredPeakBytes: memory.Total / 2);
        Assert.Equal(memory.Total, comparison.PlannedBytes);
        Assert.Equal(2.0, comparison.Ratio, 3);
    }

    [Fact]
    public void Lab_activations_count_every_forward_tensor_of_its_llama_layer()
    {
        // tw-tiny: h 64, q 64, kv 32, 4 heads, I 172, V 512, two layers; per token in fp32.
        var request = PlanRequest.LabCpu(FineTuneMethod.Full, sequenceLength: 10, microBatchSize: 3, loraRank: 4, LoraTarget.QueryValue);
        double norms = 2 * (3 * 64 + 3), projections = 64 + 2 * 32, rotary = 4.5 * (64 + 32), repeated = 2 * 64, attention = 64 + 4;
        double perLayer = norms + projections + rotary + repeated + attention + 2 * 64 + 4 * 172 + 2 * 64;
        double outside = 4 * 64 + 3 + 3 * 512 + Math.Max(2 * 512, 3 * 172 + 2 * 64);
        Assert.Equal((long)Math.Ceiling(30 * (2 * perLayer + outside) * 4), TrainingPlanner.ActivationBytes(TinyLab, request));

        // Flash attention: no s×s term, so the bytes per token do not depend on how tokens split into sequences.
        var longer = request with { SequenceLength = 30, MicroBatchSize = 1 };
        Assert.Equal(TrainingPlanner.ActivationBytes(TinyLab, request), TrainingPlanner.ActivationBytes(TinyLab, longer));
    }

    [Fact]
    public void Lab_lora_dropout_keeps_each_adapted_input_twice_in_fp32()
    {
        var plain = PlanRequest.LabCpu(FineTuneMethod.Lora, sequenceLength: 16, microBatchSize: 2, loraRank: 4, LoraTarget.QueryValue);
        var dropped = PlanRequest.LabCpu(FineTuneMethod.Lora, sequenceLength: 16, microBatchSize: 2, loraRank: 4, LoraTarget.QueryValue, loraDropout: 0.05);
        // q and v both read the 64-wide hidden state: the dropped copy and CPU dropout's fp32 noise, per token and layer.
        long expected = 32L * 2 * 2 * 64 * (4 + 4);
        Assert.Equal(expected, TrainingPlanner.ActivationBytes(TinyLab, dropped) - TrainingPlanner.ActivationBytes(TinyLab, plain));
    }

    [Fact]
    public void Lab_qlora_keeps_the_dequantized_projections_for_the_backward_pass()
    {
        var lab = PlanRequest.LabCpu(FineTuneMethod.Qlora, sequenceLength: 16, microBatchSize: 2, loraRank: 4, LoraTarget.QueryValue);
        var parameters = TinyLab.CountParameters();
        long withCopies = TrainingPlanner.EstimateMemory(TinyLab, lab).Weights;
        long without = TrainingPlanner.EstimateMemory(TinyLab, lab with { KeepsDequantizedWeights = false }).Weights;
        Assert.Equal(4 * parameters.LinearWeights, withCopies - without);
        Assert.True(without < 4 * parameters.Total, "NF4 storage is below fp32");
    }

    [Fact]
    public void Within_tolerance_means_the_plan_is_at_most_that_share_off_the_measurement()
    {
        Assert.True(new PlannedVersusMeasured(FineTuneMethod.Full, 70, 100).IsWithin(0.30));
        Assert.True(new PlannedVersusMeasured(FineTuneMethod.Full, 130, 100).IsWithin(0.30));
        Assert.False(new PlannedVersusMeasured(FineTuneMethod.Full, 69, 100).IsWithin(0.30));
        Assert.False(new PlannedVersusMeasured(FineTuneMethod.Full, 100, 0).IsWithin(0.30));
    }

    [Fact]
    public void Targets_the_model_does_not_have_are_refused()
    {
        var gpt3 = ArchitectureCatalog.Resolve("gpt-3-175b");
        var error = Assert.Throws<UserInputException>(() => TrainingPlanner.Plan(gpt3, new PlanRequest { LoraTargets = LoraTarget.Gate }));
        Assert.Contains("gate", error.Message);
    }
}
