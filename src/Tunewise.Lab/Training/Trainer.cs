using Tunewise.Lab.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using Tunewise.Progress;
using static TorchSharp.torch;

namespace Tunewise.Lab.Training;

/// <summary>
/// Trains a causal language model (token ids [batch, time] → logits [batch, time, vocab]) on
/// answer tokens only. Whatever parameters still require gradients are trained, so the same loop
/// serves full fine-tuning and LoRA/QLoRA (where only adapter parameters require gradients).
/// Batches are drawn from length buckets (see <see cref="EpochBatches"/>), so little of each step is padding.
/// </summary>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TrainerOptions _options;
    private readonly IProgressReporter _progress;

    public Trainer(nn.Module<Tensor, Tensor> model, TrainerOptions options, IProgressReporter? progress = null)
    {
        TorchRuntime.EnsureLoadable();
        options.Validate();
        _model = model;
        _options = options;
        _progress = progress ?? NullProgressReporter.Instance;
        _flopsPerToken = model is Models.LlamaModel llama ? llama.FlopsPerToken() : 2.0 * model.parameters().Sum(p => p.numel());
        _device = model.parameters().FirstOrDefault()?.device ?? CPU;
    }

    // Batches are built on the CPU and moved where the weights are.
    private readonly Device _device;

    private readonly double _flopsPerToken;

    /// <summary>Examples pooled before they are sorted by length and cut into batches: wide enough to find similar lengths, narrow enough to stay shuffled.</summary>
    internal const int BucketPoolBatches = 32;

    /// <summary>The parameters the optimizer holds: only those that require gradients.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters() =>
        _model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();

    /// <param name="onStep">Called after every optimizer step, e.g. for logging or to stop the run.</param>
    public TrainingResult Train(
        IReadOnlyList<TokenizedExample> train,
        IReadOnlyList<TokenizedExample>? dev = null,
        Action<TrainingStep>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        if (train.Count == 0) throw new ArgumentException("There is nothing to train on.", nameof(train));
        for (var i = 0; i < train.Count; i++)
        {
            if (train[i].InputIds.Length != train[i].Labels.Length)
                throw new ArgumentException($"Training example {i} has {train[i].InputIds.Length} tokens but {train[i].Labels.Length} labels.", nameof(train));
            if (train[i].AnswerTokenCount == 0)
                throw new ArgumentException($"Training example {i} has no answer tokens to learn from.", nameof(train));
        }

        var trainable = TrainableParameters();
        if (trainable.Count == 0) throw new InvalidOperationException("The model has no parameters that require gradients.");
        // Training's fixed shapes are served from the heap, not mapped and unmapped each step (NativeMemory).
        using var memory = NativeMemory.ForTraining();
        var parameters = trainable.Select(t => t.Parameter).ToList();

        var batchesPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        var stepsPerEpoch = (batchesPerEpoch + _options.GradientAccumulationSteps - 1) / _options.GradientAccumulationSteps;
        var plannedSteps = stepsPerEpoch * _options.Epochs;
        var totalSteps = _options.MaxSteps is { } max ? Math.Min(plannedSteps, max) : plannedSteps;
        var evaluateEvery = Math.Max(1, (stepsPerEpoch + _options.EvaluationsPerEpoch - 1) / _options.EvaluationsPerEpoch);
        var hasDev = dev is { Count: > 0 };

        random.manual_seed(_options.Seed);
        using var optimizer = optim.AdamW(parameters, _options.LearningRate, _options.Beta1, _options.Beta2, _options.Epsilon, _options.WeightDecay);

        // The weights of the best dev evaluation so far, when they are to be kept.
        var keepBest = hasDev && _options.KeepBestByDevLoss;
        var best = keepBest ? parameters.Select(p => p.detach().clone()).ToList() : null;
        try
        {
            var state = new TrainingCheckpoint.State(0, [], [], float.PositiveInfinity, 0, 0, "", []);
            if (_options.Resume && TrainingCheckpoint.Exists(_options.CheckpointDirectory!))
            {
                state = TrainingCheckpoint.Load(_options.CheckpointDirectory!, trainable, optimizer, best);
                TrainingCheckpoint.RestoreRng(state.RngState);
            }
            var resumedFrom = state.Step;
            var step = state.Step;
            var secondsBefore = state.Seconds;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            double Seconds() => secondsBefore + clock.Elapsed.TotalSeconds;

            void Save()
            {
                if (_options.CheckpointDirectory is not null)
                    TrainingCheckpoint.Save(_options.CheckpointDirectory, state with { RngState = TrainingCheckpoint.EncodeRng(), Seconds = Seconds() }, trainable, optimizer, best);
            }

            void EvaluateDev()
            {
                var devLoss = Evaluate(dev!);
                state.DevLosses.Add(devLoss);
                state.DevLossSteps!.Add(step);
                if (devLoss < state.BestDevLoss)
                {
                    state = state with { BestDevLoss = devLoss, BestStep = step, EvaluationsWithoutImprovement = 0 };
                    if (best is not null)
                    {
                        using (no_grad())
                        {
                            for (var i = 0; i < parameters.Count; i++) best[i].copy_(parameters[i]);
                        }
                    }
                }
                else
                {
                    state = state with { EvaluationsWithoutImprovement = state.EvaluationsWithoutImprovement + 1 };
                }
                if (_options.EarlyStoppingPatience is { } patience && state.EvaluationsWithoutImprovement >= patience)
                    state = state with { StopReason = TrainingStopReason.EarlyStopping };
            }

            using var progress = _progress.Start("Training", totalSteps);
            progress.Increment(step);
            _model.train();

            int[][]? batches = null;
            var batchesEpoch = -1;
            // A finished run's checkpoint records why it stopped, so resuming it trains no further.
            while (state.StopReason is null && step < totalSteps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.MaxDuration is { } budget && Seconds() >= budget.TotalSeconds)
                {
                    state = state with { StopReason = TrainingStopReason.TimeBudget };
                    break;
                }
                var epoch = step / stepsPerEpoch;
                var stepInEpoch = step % stepsPerEpoch;
                if (epoch != batchesEpoch)
                {
                    batches = EpochBatches(_options.Seed, train.Select(e => e.InputIds.Length).ToArray(), _options.BatchSize, epoch, _options.BucketByLength);
                    batchesEpoch = epoch;
                }

                var firstBatch = stepInEpoch * _options.GradientAccumulationSteps;
                var lastBatch = Math.Min(batchesPerEpoch, firstBatch + _options.GradientAccumulationSteps);
                var learningRate = LearningRateSchedule.WarmupCosine(step, totalSteps, _options.WarmupSteps, _options.LearningRate, _options.MinLearningRateRatio);
                var (loss, tokens) = OptimizerStep(optimizer, parameters, train, batches!, firstBatch, lastBatch, learningRate);

                step++;
                state.LossCurve.Add(loss);
                state = state with { Step = step, TrainedTokens = state.TrainedTokens + tokens };
                progress.Increment();
                progress.Describe($"Training: step {step}/{totalSteps}, loss {loss:F4}{Remaining(step - resumedFrom, totalSteps - step, clock.Elapsed, Seconds())}");
                onStep?.Invoke(new TrainingStep(step, totalSteps, epoch, loss, learningRate, tokens));

                var inEpoch = (step - 1) % stepsPerEpoch + 1;
                var evaluated = hasDev && (inEpoch % evaluateEvery == 0 || inEpoch == stepsPerEpoch);
                if (evaluated) EvaluateDev();
                // Every evaluation is checkpointed, so the best weights and the state that names them stay together.
                if (evaluated || step % _options.CheckpointEverySteps == 0) Save();
            }

            if (state.StopReason is null)
                state = state with { StopReason = step >= plannedSteps ? TrainingStopReason.Completed : TrainingStopReason.StepBudget };
            // A budget can end training between two evaluations: the last steps are judged too.
            if (hasDev && (state.DevLossSteps!.Count == 0 || state.DevLossSteps[^1] != step)) EvaluateDev();
            Save();

            if (best is not null && state.BestStep is { } bestStep && bestStep != step)
            {
                using (no_grad())
                {
                    for (var i = 0; i < parameters.Count; i++) parameters[i].copy_(best[i]);
                }
            }

            _model.eval();
            return new TrainingResult(state.LossCurve, state.DevLosses, step, resumedFrom, parameters.Sum(p => p.numel()), state.TrainedTokens,
                plannedSteps, state.StopReason.Value, state.DevLossSteps!, hasDev ? state.BestStep : null, Math.Round(Seconds(), 2));
        }
        finally
        {
            if (best is not null)
            {
                foreach (var tensor in best) tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// The time left at the rate of this process's steps so far (a resumed run's earlier steps ran elsewhere), and the
    /// time budget's remainder when that ends training first.
    /// </summary>
    private string Remaining(int stepsTimed, int stepsLeft, TimeSpan timed, double secondsSoFar)
    {
        if (stepsTimed <= 0 || stepsLeft <= 0) return "";
        var left = timed.TotalSeconds / stepsTimed * stepsLeft;
        if (_options.MaxDuration is { } budget && budget.TotalSeconds - secondsSoFar < left)
            return $", about {Duration(Math.Max(0, budget.TotalSeconds - secondsSoFar))} left (time budget)";
        return $", about {Duration(left)} left";
    }

    private static string Duration(double seconds) => seconds >= 3600
        ? $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):D2}m"
        : seconds >= 60 ? $"{(int)(seconds / 60)}m{(int)(seconds % 60):D2}s" : $"{(int)Math.Ceiling(seconds)}s";

    /// <summary>Token-weighted mean cross-entropy over the answer tokens of <paramref name="examples"/>.</summary>
    public float Evaluate(IReadOnlyList<TokenizedExample> examples)
    {
        var wasTraining = _model.training;
        _model.eval();
        double total = 0;
        long count = 0;
        using (no_grad())
        {
            // Sorted by length, so batches pad little; the loss is a sum, so the order does not matter.
            var sorted = examples.OrderBy(e => e.InputIds.Length).ToList();
            for (var start = 0; start < sorted.Count; start += _options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = sorted.Skip(start).Take(_options.BatchSize).ToList();
                var (ids, labels) = Collate(batch);
                TorchRuntime.UseThreadsFor(_flopsPerToken * ids.numel());
                var logits = _model.call(ids);
                var (sum, tokens) = CausalLmLoss.Sum(logits, labels);
                total += sum.item<float>();
                count += tokens;
            }
        }
        if (wasTraining) _model.train();
        return count == 0 ? float.NaN : (float)(total / count);
    }

    private (float Loss, long Tokens) OptimizerStep(
        AdamW optimizer, List<Parameter> parameters, IReadOnlyList<TokenizedExample> train, int[][] batches, int firstBatch, int lastBatch, double learningRate)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var microBatches = lastBatch - firstBatch;
        float loss = 0;
        long tokens = 0;
        for (var b = firstBatch; b < lastBatch; b++)
        {
            using var microScope = NewDisposeScope();
            var batch = batches[b].Select(i => train[i]).ToList();
            var (ids, labels) = Collate(batch);
            tokens += ids.numel();
            TorchRuntime.UseThreadsFor(_flopsPerToken * ids.numel());
            var logits = _model.call(ids);
            var microLoss = CausalLmLoss.Mean(logits, labels);
            (microLoss / microBatches).backward();
            loss += microLoss.item<float>() / microBatches;
        }
        if (_options.MaxGradientNorm is { } maxNorm)
            nn.utils.clip_grad_norm_(parameters, maxNorm);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
        optimizer.step();
        return (loss, tokens);
    }

    /// <summary>
    /// The data order of an epoch, derived from (seed, epoch) alone: the same in every process, so a rerun trains the
    /// same model and a resumed run sees the same order without storing it. (HashCode.Combine would not do: its hashes
    /// are randomized per process.)
    /// </summary>
    internal static int[] EpochOrder(int seed, int count, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random((int)((uint)seed * 2_654_435_761u ^ (uint)epoch * 40_503u) & int.MaxValue).Shuffle(order);
        return order;
    }

    /// <summary>
    /// The batches of an epoch, as indices into the training set. The epoch's shuffled order is cut into pools of
    /// <see cref="BucketPoolBatches"/> batches; each pool is sorted by length and cut into batches, and the batches
    /// are shuffled again, so a step trains on sequences of similar length (little padding) in a random order.
    /// Like <see cref="EpochOrder"/> it depends on (seed, lengths, epoch) alone. The batch count is that of plain batching.
    /// </summary>
    internal static int[][] EpochBatches(int seed, int[] lengths, int batchSize, int epoch, bool bucketByLength = true)
    {
        var order = EpochOrder(seed, lengths.Length, epoch);
        if (!bucketByLength) return order.Chunk(batchSize).ToArray();
        var batches = order.Chunk(batchSize * BucketPoolBatches)
            .SelectMany(pool => pool.OrderBy(i => lengths[i]).ThenBy(i => i).Chunk(batchSize))
            .ToArray();
        // The last batch may be short; it stays last so every other step has a full batch.
        var full = batches.Length > 0 && batches[^1].Length < batchSize ? batches.Length - 1 : batches.Length;
        new Random((int)((uint)seed * 2_246_822_519u ^ (uint)epoch * 3_266_489_917u) & int.MaxValue).Shuffle(batches.AsSpan(0, full));
        return batches;
    }

    private (Tensor Ids, Tensor Labels) Collate(IReadOnlyList<TokenizedExample> batch)
    {
        var length = batch.Max(e => e.InputIds.Length);
        var ids = new long[batch.Count * length];
        var labels = new long[batch.Count * length];
        Array.Fill(ids, _options.PadTokenId);
        Array.Fill(labels, TokenizedExample.IgnoreLabel);
        for (var row = 0; row < batch.Count; row++)
        {
            // Right padding: under causal attention real tokens never see the padding after them.
            batch[row].InputIds.CopyTo(ids, row * length);
            batch[row].Labels.CopyTo(labels, row * length);
        }
        return (tensor(ids, [batch.Count, length], device: _device), tensor(labels, [batch.Count, length], device: _device));
    }
}
