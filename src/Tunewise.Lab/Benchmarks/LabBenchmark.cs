using System.Diagnostics;
using System.Runtime.InteropServices;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Quantization;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Training;
using Tunewise.Progress;
using static TorchSharp.torch;

namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// Measures, in one process: the fp32 matmul rate; training throughput and model-FLOPs utilisation;
/// step time and memory of full, LoRA and QLoRA fine-tuning of the same model; and generation speed
/// with and without the KV cache.
/// </summary>
public static partial class LabBenchmark
{
    public static LabBenchmarkReport Run(LabBenchmarkOptions options, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoadable();
        progress ??= NullProgressReporter.Instance;
        var config = ModelConfig(options);

        double matmul;
        using (progress.Start($"Matmul {options.MatmulSize}×{options.MatmulSize}", 1))
        {
            matmul = MatmulBenchmark.BestGflops(options.MatmulSize, options.MatmulRepeats, cancellationToken);
        }

        long parameters, flopParameters;
        using (var probe = NewModel(config, options.Seed))
        {
            parameters = probe.parameters().Sum(p => p.numel());
            flopParameters = parameters - probe.EmbeddingWeight.numel() + (config.TieWordEmbeddings ? probe.EmbeddingWeight.numel() : 0);
        }

        // One untimed step first, so one-off allocations (kernels, thread pools, allocator arenas) land in nobody's figures.
        using (var task = progress.Start("Warm-up step", 1))
        {
            MeasureMethod("lora", config, options, task, cancellationToken, stepsOverride: 1);
        }

        var methods = new List<MethodFigures>();
        // Smallest first: freed memory that the allocator keeps would otherwise flatter the later, larger runs.
        foreach (var method in new[] { "qlora", "lora", "full" })
        {
            using var task = progress.Start($"Training ({method})", options.WarmupSteps + options.TimedSteps);
            methods.Add(MeasureMethod(method, config, options, task, cancellationToken));
        }
        var full = methods.Single(m => m.Method == "full");
        var lora = methods.Single(m => m.Method == "lora");
        var qlora = methods.Single(m => m.Method == "qlora");
        var tokensPerStep = options.BatchSize * options.SequenceLength;
        var tokensPerSecond = tokensPerStep / full.StepSeconds;
        var trainingGflops = 6.0 * flopParameters * tokensPerSecond / 1e9;

        double cached, recompute;
        using (var task = progress.Start($"Generation ({options.NewTokens} tokens)", 2))
        using (var model = NewModel(config, options.Seed))
        {
            model.eval();
            cached = GenerationTokensPerSecond(model, options, useCache: true, cancellationToken);
            task.Increment();
            recompute = GenerationTokensPerSecond(model, options, useCache: false, cancellationToken);
            task.Increment();
        }

        var targets = new List<BenchmarkTarget>
        {
            new("full fine-tuning MFU vs matmul rate", trainingGflops / matmul, 0.5, AtLeast: true),
            new("LoRA peak memory vs full (above baseline)", (double)lora.PeakAboveBaselineBytes / full.PeakAboveBaselineBytes, 0.5, AtLeast: false),
            new("LoRA weight+gradient+AdamW bytes vs full", (double)lora.TensorBytes / full.TensorBytes, 0.5, AtLeast: false),
            new("LoRA trainable parameters vs base", (double)lora.TrainableParameters / parameters, 0.02, AtLeast: false),
            new("QLoRA frozen projection bytes vs fp32", (double)qlora.FrozenProjectionBytes / qlora.FrozenProjectionFp32Bytes, 0.3, AtLeast: false),
            new($"KV-cache generation speed-up at {options.NewTokens} tokens", cached / recompute, 5, AtLeast: true),
        };

        var description = $"Llama d={config.HiddenSize} ffn={config.IntermediateSize} layers={config.NumHiddenLayers} heads={config.NumAttentionHeads}/{config.NumKeyValueHeads} vocab={config.VocabSize}, batch {options.BatchSize}×{options.SequenceLength}";
        return new LabBenchmarkReport(options.MatmulSize, matmul, description, parameters, flopParameters, tokensPerStep,
            tokensPerSecond, trainingGflops, methods, options.NewTokens, cached, recompute, targets);
    }

    private static LlamaConfig ModelConfig(LabBenchmarkOptions options) => options.Quick
        ? new LlamaConfig
        {
            HiddenSize = 64, IntermediateSize = 172, NumHiddenLayers = 2, NumAttentionHeads = 4, NumKeyValueHeads = 4,
            VocabSize = 512, MaxPositionEmbeddings = 64,
        }
        : new LlamaConfig
        {
            // About 5.4M parameters: a small Llama, big enough that matmuls dominate the step.
            HiddenSize = 256, IntermediateSize = 688, NumHiddenLayers = 6, NumAttentionHeads = 8, NumKeyValueHeads = 8,
            VocabSize = 2048, MaxPositionEmbeddings = 512,
        };

    private static LlamaModel NewModel(LlamaConfig config, int seed) => LlamaModel.Seeded(config, seed);

    private static MethodFigures MeasureMethod(
        string method, LlamaConfig config, LabBenchmarkOptions options, IProgressTask task, CancellationToken cancellationToken, int? stepsOverride = null)
    {
        ReleaseFreedMemory();
        var baseline = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();

        using var model = NewModel(config, options.Seed);
        LoraAdapter? adapter = method == "full"
            ? null
            : LoraAdapter.Attach(model, new LoraOptions { Rank = 8, Alpha = 16 }, quantizeBase: method == "qlora");

        var data = RandomSequences.Make(options.BatchSize * (options.WarmupSteps + options.TimedSteps), options.SequenceLength, config.VocabSize, options.Seed);
        var steps = stepsOverride ?? options.WarmupSteps + options.TimedSteps;
        var trainer = new Trainer(model, new TrainerOptions
        {
            Epochs = 1, MaxSteps = steps, BatchSize = options.BatchSize, WarmupSteps = 1, EarlyStoppingPatience = null, Seed = options.Seed,
        });
        var trainable = trainer.TrainableParameters().Sum(p => p.Parameter.numel());
        var watch = new Stopwatch();
        trainer.Train(data, onStep: step =>
        {
            task.Increment();
            if (step.Step == options.WarmupSteps) watch.Start();
        }, cancellationToken: cancellationToken);
        watch.Stop();
        var peak = ProcessMemory.PeakResidentBytes();

        long weightBytes = model.parameters().Sum(p => p.numel() * p.element_size())
            + model.modules().OfType<Nf4Linear>().Sum(l => l.BytesHeld);
        var (frozenHeld, frozenFp32) = adapter?.FrozenProjectionBytes()
            ?? (model.LinearLayers().Sum(l => l.Module.parameters().Sum(p => p.numel() * 4)), model.LinearLayers().Sum(l => l.Module.parameters().Sum(p => p.numel() * 4)));
        return new MethodFigures(method, watch.Elapsed.TotalSeconds / Math.Max(1, steps - options.WarmupSteps), peak, peak - baseline, trainable,
            weightBytes, trainable * 4, trainable * 8, frozenHeld, frozenFp32);
    }

    private static double GenerationTokensPerSecond(LlamaModel model, LabBenchmarkOptions options, bool useCache, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var prompt = Enumerable.Range(0, options.PromptTokens).Select(_ => (long)random.Next(3, model.Config.VocabSize)).ToArray();
        using var noGrad = no_grad();
        using var cache = useCache ? model.NewCache() : null;
        var tokens = new List<long>(prompt);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < options.NewTokens; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            // With the cache only the newest token goes through the model; without it, the whole sequence does.
            var input = useCache && i > 0 ? tokens.GetRange(tokens.Count - 1, 1).ToArray() : tokens.ToArray();
            var logits = model.Forward(tensor(input, [1, input.Length]), null, cache);
            tokens.Add(logits[0, -1].argmax().item<long>());
        }
        return options.NewTokens / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Hands freed heap pages back to the kernel so the next run's RSS starts from what is really in use.</summary>
    private static void ReleaseFreedMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                MallocTrim(0);
            }
            catch (DllNotFoundException)
            {
            }
            catch (EntryPointNotFoundException)
            {
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
