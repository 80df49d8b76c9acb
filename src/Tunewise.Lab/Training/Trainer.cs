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
        var parameters = trainable.Select(t => t.Parameter).ToList();

        var batchesPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        var stepsPerEpoch = (batchesPerEpoch + _options.GradientAccumulationSteps - 1) / _options.GradientAccumulationSteps;
        var totalSteps = stepsPerEpoch * _options.Epochs;
        if (_options.MaxSteps is { } max) totalSteps = Math.Min(totalSteps, max);

        random.manual_seed(_options.Seed);
        using var optimizer = optim.AdamW(parameters, _options.LearningRate, _options.Beta1, _options.Beta2, _options.Epsilon, _options.WeightDecay);

        var state = new TrainingCheckpoint.State(0, [], [], float.PositiveInfinity, 0, 0, "");
        if (_options.Resume && TrainingCheckpoint.Exists(_options.CheckpointDirectory!))
        {
            state = TrainingCheckpoint.Load(_options.CheckpointDirectory!, trainable, optimizer);
            TrainingCheckpoint.RestoreRng(state.RngState);
        }
        var resumedFrom = state.Step;
        var step = state.Step;
        var stoppedEarly = false;

        using var progress = _progress.Start("Training", totalSteps);
        progress.Increment(step);
        _model.train();

        for (var epoch = state.DevLosses.Count; epoch < _options.Epochs && step < totalSteps && !stoppedEarly; epoch++)
        {
            var batches = EpochBatches(_options.Seed, train.Select(e => e.InputIds.Length).ToArray(), _options.BatchSize, epoch, _options.BucketByLength);
            for (var stepInEpoch = 0; stepInEpoch < stepsPerEpoch && step < totalSteps; stepInEpoch++)
            {
                if (epoch * stepsPerEpoch + stepInEpoch < step) continue;
                cancellationToken.ThrowIfCancellationRequested();

                var firstBatch = stepInEpoch * _options.GradientAccumulationSteps;
                var lastBatch = Math.Min(batchesPerEpoch, firstBatch + _options.GradientAccumulationSteps);
                var learningRate = LearningRateSchedule.WarmupCosine(step, totalSteps, _options.WarmupSteps, _options.LearningRate, _options.MinLearningRateRatio);
                var (loss, tokens) = OptimizerStep(optimizer, parameters, train, batches, firstBatch, lastBatch, learningRate);

                step++;
                state.LossCurve.Add(loss);
                state = state with { Step = step, TrainedTokens = state.TrainedTokens + tokens };
                progress.Increment();
                progress.Describe($"Training: step {step}/{totalSteps}, loss {loss:F4}");
                onStep?.Invoke(new TrainingStep(step, totalSteps, epoch, loss, learningRate, tokens));

                if (_options.CheckpointDirectory is not null && step % _options.CheckpointEverySteps == 0)
                    TrainingCheckpoint.Save(_options.CheckpointDirectory, state with { RngState = TrainingCheckpoint.EncodeRng() }, trainable, optimizer);
            }

            var epochComplete = step >= (epoch + 1) * stepsPerEpoch;
            if (dev is { Count: > 0 } && epochComplete)
            {
                var devLoss = Evaluate(dev);
                state.DevLosses.Add(devLoss);
                if (devLoss < state.BestDevLoss) state = state with { BestDevLoss = devLoss, EpochsWithoutImprovement = 0 };
                else state = state with { EpochsWithoutImprovement = state.EpochsWithoutImprovement + 1 };
                stoppedEarly = _options.EarlyStoppingPatience is { } patience && state.EpochsWithoutImprovement >= patience;
            }
            else if (epochComplete)
            {
                // Without a dev set, completed epochs are still counted so a resumed run starts in the right one.
                state.DevLosses.Add(float.NaN);
            }
        }

        if (_options.CheckpointDirectory is not null && step % _options.CheckpointEverySteps != 0)
            TrainingCheckpoint.Save(_options.CheckpointDirectory, state with { RngState = TrainingCheckpoint.EncodeRng() }, trainable, optimizer);

        _model.eval();
        var devLosses = state.DevLosses.Where(l => !float.IsNaN(l)).ToList();
        return new TrainingResult(state.LossCurve, devLosses, step, stoppedEarly, resumedFrom, parameters.Sum(p => p.numel()), state.TrainedTokens);
    }

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
