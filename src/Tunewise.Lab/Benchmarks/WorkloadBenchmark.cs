using System.Diagnostics;
using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.Training;
using Tunewise.Progress;
using Tunewise.Prompting;
using Tunewise.Studies;
using static TorchSharp.torch;

namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// The lab engine on a real task, beside the machine's matmul rate measured in the same run: full fine-tuning
/// throughput on intent examples, prefill of nearest-neighbour few-shot prompts, and the latency of those
/// prompts through the lab chat client. Training and prefill are also run with one thread and no length
/// buckets, so a report shows what the thread choice and the buckets bring.
/// </summary>
public static class WorkloadBenchmark
{
    private const string TextField = "text";
    private const string LabelField = "label";

    public static WorkloadReport Run(WorkloadOptions options, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureLoadable();
        progress ??= NullProgressReporter.Instance;
        var examples = LoadExamples(options.DataFile, cancellationToken);
        if (examples.Count < options.Queries + options.Shots + 1)
            throw new UserInputException($"'{options.DataFile}': {examples.Count} usable rows; the workload needs at least {options.Queries + options.Shots + 1}.");
        var queries = examples.Skip(examples.Count - options.Queries).ToList();
        var pool = examples.Take(examples.Count - options.Queries).ToList();
        var directory = LabModels.ResolveDirectory(options.Model);
        var tokenizer = LabTokenizer.Load(directory);
        int cores = Environment.ProcessorCount;

        double matmulOne, matmulAll;
        using (progress.Start($"Matmul {options.MatmulSize}×{options.MatmulSize} on 1 and {cores} threads", 2))
        {
            matmulOne = MatmulBenchmark.BestGflops(options.MatmulSize, options.MatmulRepeats, 1, cancellationToken);
            matmulAll = MatmulBenchmark.BestGflops(options.MatmulSize, options.MatmulRepeats, cores, cancellationToken);
        }

        var prompts = FewShotPrompts(options, pool, queries);
        var promptIds = prompts.Select(p => tokenizer.Encode(tokenizer.FormatChat([new ChatMessageText("user", p)]))).ToList();

        // Training: the pool as chat examples (request → intent), as a fine-tuning arm would see it.
        var encoder = new ChatExampleEncoder(tokenizer);
        var trainSet = pool.Take(options.BatchSize * 64 * 4).Select(e => encoder.Encode(
            [new ChatMessageText("user", e[TextField]), new ChatMessageText("assistant", e[LabelField])])).ToList();
        var before = MeasureTraining(directory, trainSet, options, lora: false, bucket: false, threads: 1, progress, cancellationToken);
        var after = MeasureTraining(directory, trainSet, options, lora: false, bucket: true, threads: null, progress, cancellationToken);
        var lora = MeasureTraining(directory, trainSet, options, lora: true, bucket: true, threads: null, progress, cancellationToken);

        double prefillOne, prefillAll;
        long parameters;
        using (var model = LlamaModel.Load(directory, ScalarType.Float32))
        {
            parameters = model.parameters().Sum(p => p.numel());
            using var task = progress.Start($"Prefill of {promptIds.Count} {options.Shots}-shot prompts", 2);
            using (TorchRuntime.PinThreads(1)) prefillOne = PrefillGflops(model, promptIds, cancellationToken);
            task.Increment();
            prefillAll = PrefillGflops(model, promptIds, cancellationToken);
            task.Increment();
        }

        var (p50, batched, stopped) = FewShotLatency(options, prompts, cancellationToken, progress);
        double trainingGflops = after.TokensPerSecond * after.FlopsPerToken * 3 / 1e9;
        var targets = new List<BenchmarkTarget>
        {
            new($"training FLOP/s (6·N per token) vs matmul on {cores} threads", trainingGflops / matmulAll, 0.5, AtLeast: true),
            new($"prompt processing FLOP/s vs matmul on {cores} threads", prefillAll / matmulAll, 0.3, AtLeast: true),
            new($"nearest {options.Shots}-shot seconds per query (p50)", p50, 0.5, AtLeast: false),
        };
        return new WorkloadReport(options.Model, parameters, cores, options.MatmulSize, matmulOne, matmulAll, trainSet.Count,
            promptIds.Average(p => p.Length), before.TokensPerSecond, after.TokensPerSecond, before.Padding, after.Padding, trainingGflops,
            lora.StepsPerSecond * 60, prefillOne, prefillAll, p50, batched, stopped, targets);
    }

    private static List<Example> LoadExamples(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new UserInputException($"Workload data '{Path.GetFullPath(file)}' not found; pass a CSV with text and label columns (--data).");
        var loaded = DataLoader.LoadAsync(file, null, cancellationToken).GetAwaiter().GetResult();
        var usable = loaded.Examples.Where(e => e.Fields.ContainsKey(TextField) && e.Fields.ContainsKey(LabelField)).ToList();
        if (usable.Count == 0) throw new UserInputException($"'{file}': no row has both a '{TextField}' and a '{LabelField}' field.");
        return usable;
    }

    /// <summary>One user message per query: its nearest training requests (BM25, as a study's few-shot arm picks them) with their intents, then the query.</summary>
    private static List<string> FewShotPrompts(WorkloadOptions options, List<Example> pool, List<Example> queries)
    {
        using var selector = new DemonstrationSelector("lab-bench", new PromptSpec { FewShot = options.Shots, Select = DemonstrationSelection.Nearest },
            [TextField], LabelField, pool);
        return queries.Select(q =>
        {
            var text = new System.Text.StringBuilder("Label the request with one intent.\n\n");
            foreach (var demo in selector.Select(q)) text.Append("Request: ").Append(demo[TextField]).Append("\nIntent: ").Append(demo[LabelField]).Append("\n\n");
            return text.Append("Request: ").Append(q[TextField]).Append("\nIntent:").ToString();
        }).ToList();
    }

    private sealed record TrainingFigures(double TokensPerSecond, double StepsPerSecond, double Padding, double FlopsPerToken);

    private static TrainingFigures MeasureTraining(string directory, List<TokenizedExample> trainSet, WorkloadOptions options, bool lora, bool bucket, int? threads,
        IProgressReporter progress, CancellationToken cancellationToken)
    {
        var steps = options.WarmupSteps + options.TrainSteps;
        var label = $"{(lora ? "LoRA" : "full")} fine-tuning, {(threads is 1 ? "1 thread" : "threads by work size")}, {(bucket ? "length buckets" : "no buckets")}";
        using var task = progress.Start(label, steps);
        using var model = LlamaModel.Load(directory, ScalarType.Float32);
        if (lora) LoraAdapter.Attach(model, new LoraOptions { Rank = 16, Alpha = 32 });
        using var pin = threads is { } n ? TorchRuntime.PinThreads(n) : null;
        var trainer = new Trainer(model, new TrainerOptions
        {
            Epochs = 1, MaxSteps = steps, BatchSize = options.BatchSize, WarmupSteps = 1, EarlyStoppingPatience = null, BucketByLength = bucket,
            LearningRate = lora ? Tunewise.Studies.FineTuneDefaults.AdapterLearningRate : Tunewise.Studies.FineTuneDefaults.FullLearningRate,
        });
        var watch = new Stopwatch();
        long timedTokens = 0;
        trainer.Train(trainSet, onStep: step =>
        {
            task.Increment();
            if (step.Step > options.WarmupSteps) timedTokens += step.Tokens;
            if (step.Step == options.WarmupSteps) watch.Start();
        }, cancellationToken: cancellationToken);
        watch.Stop();
        // The same batches the trainer drew: real tokens over padded tokens.
        var batches = Trainer.EpochBatches(13, trainSet.Select(e => e.InputIds.Length).ToArray(), options.BatchSize, 0, bucket).Take(steps).ToList();
        double real = batches.Sum(b => b.Sum(i => (double)trainSet[i].InputIds.Length));
        double padded = batches.Sum(b => (double)b.Length * b.Max(i => trainSet[i].InputIds.Length));
        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        return new TrainingFigures(timedTokens / seconds, options.TrainSteps / seconds, 1 - real / padded, model.FlopsPerToken());
    }

    /// <summary>GFLOP/s of prefilling each prompt alone in one pass (projections of every token, the output matrix of the last).</summary>
    private static double PrefillGflops(LlamaModel model, List<int[]> prompts, CancellationToken cancellationToken)
    {
        model.eval();
        using var noGrad = no_grad();
        double outputMatrix = 2.0 * model.Config.VocabSize * model.Config.HiddenSize;
        double perToken = model.FlopsPerToken() - outputMatrix;
        // One untimed pass: first-use costs land in nobody's figure.
        using (NewDisposeScope()) model.Forward(tensor(prompts[0].Select(t => (long)t).ToArray(), [1, prompts[0].Length]), lastPositionOnly: true);
        double flops = 0;
        var watch = new Stopwatch();
        foreach (var prompt in prompts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var ids = tensor(prompt.Select(t => (long)t).ToArray(), [1, prompt.Length]);
            TorchRuntime.UseThreadsFor(model.FlopsPerToken() * prompt.Length);
            watch.Start();
            model.Forward(ids, lastPositionOnly: true).Dispose();
            watch.Stop();
            flops += perToken * prompt.Length + outputMatrix;
        }
        return flops / watch.Elapsed.TotalSeconds / 1e9;
    }

    private static (double P50, double BatchedPerQuery, double Stopped) FewShotLatency(WorkloadOptions options, List<string> prompts,
        CancellationToken cancellationToken, IProgressReporter progress)
    {
        using var client = LabModels.CreateChatClient(options.Model);
        var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxOutputTokens, Temperature = 0 };
        using var task = progress.Start($"Nearest {options.Shots}-shot queries through the lab chat client", prompts.Count + 1);
        client.GetResponseAsync([new ChatMessage(ChatRole.User, prompts[0])], chatOptions, cancellationToken).GetAwaiter().GetResult();
        var latencies = new List<double>();
        int stopped = 0;
        foreach (var prompt in prompts)
        {
            var watch = Stopwatch.StartNew();
            var response = client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], chatOptions, cancellationToken).GetAwaiter().GetResult();
            latencies.Add(watch.Elapsed.TotalSeconds);
            if (response.FinishReason == ChatFinishReason.Stop) stopped++;
            task.Increment();
        }
        // All at once: the client decodes them in batches, as a study's runner sends them.
        var all = Stopwatch.StartNew();
        Task.WhenAll(prompts.Select(p => client.GetResponseAsync([new ChatMessage(ChatRole.User, p)], chatOptions, cancellationToken))).GetAwaiter().GetResult();
        var batched = all.Elapsed.TotalSeconds / prompts.Count;
        task.Increment();
        latencies.Sort();
        double p50 = latencies.Count % 2 == 1 ? latencies[latencies.Count / 2] : (latencies[latencies.Count / 2 - 1] + latencies[latencies.Count / 2]) / 2;
        return (p50, batched, (double)stopped / prompts.Count);
    }
}
