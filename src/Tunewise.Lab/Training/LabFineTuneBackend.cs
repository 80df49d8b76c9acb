using System.Diagnostics;
using System.Globalization;
using Tunewise.FineTuning.Running;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.World;
using Tunewise.Progress;
using Tunewise.Results;
using Tunewise.Statistics;
using Tunewise.Studies;
using static TorchSharp.torch;

namespace Tunewise.Lab.Training;

/// <summary>
/// Fine-tunes <c>lab:</c> models in-process for a study's fine-tuning arms. LoRA and QLoRA adapters
/// are merged into a full checkpoint for evaluation (QLoRA's into the dequantized 4-bit base, the
/// weights it trained against). General skills are scored before and after on the lab world's suite,
/// so every arm reports what it forgot.
/// </summary>
public sealed class LabFineTuneBackend(string baseDirectory, int forgettingItemsPerFamily = 10) : IFineTuneBackend
{
    private readonly Dictionary<string, SkillScores> _baseSkills = new(StringComparer.Ordinal);
    private IReadOnlyList<GeneralSkillsSuite.Item>? _suite;

    public string Name => "lab";

    public bool CanTrain(ModelSpec baseModel) => string.Equals(baseModel.Provider, "lab", StringComparison.Ordinal);

    public bool IsAvailable(FineTuneOutcome outcome) =>
        File.Exists(Path.Combine(outcome.ModelReference[LabModels.Prefix.Length..], LlamaCheckpoint.ConfigFile));

    public FineTuneOutcome Train(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var baseCheckpoint = ResolveBase(job.BaseModel.Model);
        var method = job.Spec.Method;
        var trained = Path.Combine(job.OutputDirectory, method == FineTuneMethod.Full ? "checkpoint" : "adapter");
        var trainData = job.Spec.Replay > 0 ? WithReplay(job.TrainData, job.Spec.Replay, job.OutputDirectory, job.Seed) : job.TrainData;
        var request = TrainingRequest(job, baseCheckpoint, trainData, trained);
        var planned = PlannedBytes(baseCheckpoint, method, request);
        // The measured peak is the process's resident high-water mark during training, above what it held before.
        // The kernel's counters lag a little, so a run that grows nothing can read a peak just below the start: clamp at 0.
        var before = Benchmarks.ProcessMemory.ResidentBytes();
        var resetPeak = Benchmarks.ProcessMemory.ResetPeak();
        var clock = Stopwatch.StartNew();
        var result = LabFineTuning.Run(request, new ArmProgress(progress, job.Arm), cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        long? measured = resetPeak ? Math.Max(0, Benchmarks.ProcessMemory.PeakResidentBytes() - before) : null;

        var evaluated = method == FineTuneMethod.Full ? trained : Merge(baseCheckpoint, trained, method == FineTuneMethod.Qlora, job.OutputDirectory);
        long total;
        using (var model = LlamaModel.Load(evaluated)) total = model.parameters().Sum(p => p.numel());

        return new FineTuneOutcome
        {
            Backend = Name,
            ModelReference = LabModels.Prefix + Path.GetFullPath(evaluated),
            Method = method.ToString().ToLowerInvariant(),
            TrainExamples = File.ReadLines(job.TrainData).Count(l => !string.IsNullOrWhiteSpace(l)),
            ReplayExamples = trainData == job.TrainData ? 0 : File.ReadLines(trainData).Count(l => !string.IsNullOrWhiteSpace(l)) - File.ReadLines(job.TrainData).Count(l => !string.IsNullOrWhiteSpace(l)),
            Steps = result.Steps,
            TrainedTokens = result.TrainedTokens,
            TrainableParameters = result.TrainableParameters,
            TotalParameters = total,
            TrainingSeconds = Math.Round(seconds, 2),
            LossCurve = result.LossCurve.Select(l => Math.Round((double)l, 4)).ToList(),
            DevLosses = result.DevLosses.Select(l => Math.Round((double)l, 4)).ToList(),
            StoppedEarly = result.StoppedEarly,
            PlannedSteps = result.PlannedSteps,
            StopReason = result.StopReason switch
            {
                TrainingStopReason.EarlyStopping => FineTuneStopReasons.EarlyStopping,
                TrainingStopReason.StepBudget => FineTuneStopReasons.MaxSteps,
                TrainingStopReason.TimeBudget => FineTuneStopReasons.MaxMinutes,
                _ => FineTuneStopReasons.Completed,
            },
            BestStep = result.BestStep,
            DevLossSteps = result.DevLossSteps ?? [],
            Forgetting = Forgetting(baseCheckpoint, evaluated, cancellationToken),
            PlannedMemoryBytes = planned,
            MeasuredMemoryBytes = measured,
        };
    }

    /// <summary>What a study arm trains with: its <c>finetune:</c> keys over <see cref="FineTuneDefaults"/>.</summary>
    public static FineTuneRequest TrainingRequest(FineTuneJob job, string baseCheckpoint, string trainData, string outputDirectory) => new()
    {
        Model = baseCheckpoint,
        TrainData = trainData,
        DevData = job.DevData,
        Method = job.Spec.Method,
        OutputDirectory = outputDirectory,
        Compute = LabCompute.Parse(job.BaseModel.Device, job.BaseModel.DType, $"model '{job.BaseModel.Name}' "),
        Lora = new LoraOptions
        {
            Rank = job.Spec.Rank,
            Alpha = job.Spec.Alpha,
            Dropout = job.Spec.Dropout,
            TargetModules = job.Spec.Targets.IsDefaultOrEmpty ? FineTuneDefaults.TargetModules : job.Spec.Targets,
            InitSeed = job.Seed,
        },
        Trainer = new TrainerOptions
        {
            Epochs = job.Spec.Epochs,
            BatchSize = FineTuneDefaults.BatchSize,
            LearningRate = job.Spec.LearningRate ?? FineTuneDefaults.LearningRateFor(job.Spec.Method),
            WarmupSteps = 10,
            Seed = job.Seed,
            EarlyStoppingPatience = FineTuneDefaults.EarlyStoppingPatience,
            EvaluationsPerEpoch = FineTuneDefaults.EvaluationsPerEpoch,
            MaxSteps = job.Spec.MaxSteps,
            MaxDuration = job.Spec.MaxMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            CheckpointEverySteps = 25,
            Resume = true,
            CheckpointDirectory = Path.Combine(job.OutputDirectory, LabFineTuning.CheckpointFolder),
        },
    };

    /// <summary>
    /// The task's training data plus general-skills examples making up <paramref name="share"/> of the mix (replay
    /// against forgetting). They come from their own seeded stream, never from the suite forgetting is measured on.
    /// </summary>
    private static string WithReplay(string trainData, double share, string outputDirectory, int seed)
    {
        var lines = File.ReadLines(trainData).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var count = (int)Math.Round(lines.Count * share / (1 - share), MidpointRounding.AwayFromZero);
        var rng = DeterministicRandom.SplitMix64(0x5EED_0F_4E91A7UL + (ulong)seed);
        var mixed = new List<string>(lines);
        for (int i = 0; i < count; i++)
        {
            var example = GeneralSkills.Make(rng, rng.Pick(GeneralSkills.Families), $"replay-{i:D5}");
            mixed.Add(new System.Text.Json.Nodes.JsonObject { ["id"] = example.Id, ["input"] = example.Input, ["expected"] = example.Expected }.ToJsonString());
        }
        // Interleave deterministically so replay examples spread over every epoch's batches.
        var order = Enumerable.Range(0, mixed.Count).ToList();
        rng.Shuffle(order);
        var path = Path.Combine(outputDirectory, "train-with-replay.jsonl");
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllLines(path, order.Select(i => mixed[i]));
        return path;
    }

    /// <summary>The planner's training-memory estimate for this run (fp32 on CPU, the longest example as the sequence length).</summary>
    private static long PlannedBytes(string baseCheckpoint, FineTuneMethod method, FineTuneRequest request)
    {
        var architecture = Tunewise.FineTuning.Planning.HuggingFaceConfigReader.Read(Path.Combine(baseCheckpoint, LlamaCheckpoint.ConfigFile));
        var encoder = new ChatExampleEncoder(LabTokenizer.Load(baseCheckpoint), request.MaxTokens);
        var longest = ChatTrainingData.Load(request.TrainData).Max(c => encoder.Encode(c).InputIds.Length);
        var targets = Tunewise.FineTuning.Planning.LoraTargets.Parse(string.Join(',', request.Lora.TargetModules));
        var plan = Tunewise.FineTuning.Planning.PlanRequest.LabCpu(method, longest, request.Trainer.BatchSize, request.Lora.Rank, targets, request.Lora.Dropout);
        return Tunewise.FineTuning.Planning.TrainingPlanner.EstimateMemory(architecture, plan).Total;
    }

    /// <summary>Names the arm in the trainer's progress, so a display of several arms says whose steps these are.</summary>
    private sealed class ArmProgress(IProgressReporter inner, string arm) : IProgressReporter
    {
        public IProgressTask Start(string description, double total) => new Task(inner.Start($"{arm}: {Lower(description)}", total), arm);

        private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;

        private sealed class Task(IProgressTask inner, string arm) : IProgressTask
        {
            public void Increment(double amount = 1) => inner.Increment(amount);

            public void Describe(string description) => inner.Describe($"{arm}: {Lower(description)}");

            public void Dispose() => inner.Dispose();
        }
    }

    private string ResolveBase(string model) => LabModels.ResolveDirectory(model, baseDirectory);

    /// <summary>Base + adapter merged into one checkpoint beside the adapter, with the base's tokenizer.</summary>
    private static string Merge(string baseModel, string adapter, bool quantized, string outputDirectory)
    {
        var merged = Path.Combine(outputDirectory, "merged");
        using var model = LlamaModel.Load(baseModel);
        var loaded = PeftAdapter.Load(model, adapter, quantizeBase: quantized);
        loaded.MergeIntoBase();
        model.Save(merged);
        foreach (var file in new[] { LlamaCheckpoint.TokenizerFile, LlamaCheckpoint.TokenizerConfigFile })
        {
            var source = Path.Combine(baseModel, file);
            if (File.Exists(source)) File.Copy(source, Path.Combine(merged, file), overwrite: true);
        }
        return merged;
    }

    private ForgettingScores Forgetting(string baseModel, string tuned, CancellationToken cancellationToken)
    {
        var suite = Suite();
        if (!_baseSkills.TryGetValue(baseModel, out var before))
            _baseSkills[baseModel] = before = Score(baseModel, suite, cancellationToken);
        var after = Score(tuned, suite, cancellationToken);
        return new ForgettingScores(
            string.Create(CultureInfo.InvariantCulture, $"lab general skills ({forgettingItemsPerFamily} per family, world seed 13)"),
            suite.Select(i => i.Id).ToList(),
            before.PerItem.Select(c => c ? 1.0 : 0.0).ToList(),
            after.PerItem.Select(c => c ? 1.0 : 0.0).ToList());
    }

    private static SkillScores Score(string directory, IReadOnlyList<GeneralSkillsSuite.Item> suite, CancellationToken cancellationToken)
    {
        using var model = LlamaModel.Load(directory, ScalarType.Float32);
        return GeneralSkillsSuite.Evaluate(new TextGenerator(model, LabTokenizer.Load(directory)), suite, cancellationToken: cancellationToken);
    }

    private IReadOnlyList<GeneralSkillsSuite.Item> Suite() =>
        _suite ??= GeneralSkillsSuite.Subset(
            new WorldGenerator(WorldOptions.For(WorldSize.Default)).GeneralEval().Select(e => new GeneralSkillsSuite.Item(e.Id, e.Family, e.Input, e.Expected)).ToList(),
            forgettingItemsPerFamily);
}
