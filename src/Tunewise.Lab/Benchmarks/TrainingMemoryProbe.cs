using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Training;
using Tunewise.Studies;
using static TorchSharp.torch;

namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// Measures what one fine-tuning run adds to resident memory. Meant to run once in a fresh process:
/// allocators keep what earlier work freed, so a second measurement in the same process reads low
/// (or high, after a larger run), and only a process of its own gives each method a clean figure.
/// </summary>
public static class TrainingMemoryProbe
{
    public static TrainingMemoryReading Measure(string modelDirectory, TrainingMemoryProbeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("Training memory is read from /proc/self/status, which needs Linux.");
        InitialiseRuntime();

        var baseline = ProcessMemory.ResidentBytes();
        ProcessMemory.ResetPeak();

        using var model = LlamaModel.Load(modelDirectory);
        if (options.Method != FineTuneMethod.Full)
        {
            var lora = new LoraOptions { Rank = options.Rank, Alpha = options.Alpha, Dropout = options.Dropout, TargetModules = options.Targets };
            LoraAdapter.Attach(model, lora, quantizeBase: options.Method == FineTuneMethod.Qlora);
        }

        var trainer = new Trainer(model, new TrainerOptions
        {
            Epochs = 1,
            MaxSteps = options.Steps,
            BatchSize = options.MicroBatchSize,
            WarmupSteps = 1,
            EarlyStoppingPatience = null,
            Seed = options.Seed,
        });
        var trainable = trainer.TrainableParameters().Sum(p => p.Parameter.numel());
        trainer.Train(RandomSequences.Make(options.MicroBatchSize * options.Steps, options.SequenceLength, model.Config.VocabSize, options.Seed), cancellationToken: cancellationToken);

        return new TrainingMemoryReading(baseline, Math.Max(ProcessMemory.PeakResidentBytes(), ProcessMemory.ResidentBytes()), trainable);
    }

    /// <summary>
    /// Loads libtorch and runs one tiny forward and backward pass, so its thread pool, autograd engine
    /// and kernels are in place before the baseline: they are the runtime's cost, not the model's.
    /// </summary>
    private static void InitialiseRuntime()
    {
        TorchRuntime.EnsureLoadable();
        using (var scope = NewDisposeScope())
        {
            var weight = randn(64, 64).requires_grad_(true);
            var output = nn.functional.silu(randn(8, 64).matmul(weight)).sum();
            output.backward();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
