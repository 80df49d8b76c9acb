using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Tunewise.Arms;
using Tunewise.Data;

using Tunewise.Evaluation.Scoring;
using Tunewise.Models;
using Tunewise.Progress;
using Tunewise.Prompting;
using Tunewise.Retrieval;
using Tunewise.Serialization;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>
/// The arm evaluation stage: runs one prepared arm over the frozen test set through its model's middleware pipeline,
/// scoring and storing each result as it arrives. A rerun of the same study against the same frozen test set resumes:
/// stored (arm, example, repeat) results are not called again.
/// </summary>
public sealed class ArmEvaluator
{
    /// <summary>Arm specifications and compute totals in the run store: property names as declared.</summary>
    private static readonly JsonSerializerOptions StoreJson = new() { TypeInfoResolver = CoreJsonContext.Default };

    private readonly RunStore _store;
    private readonly Func<ModelSpec, StudyModel> _models;
    private readonly IProgressReporter _progress;
    private readonly RunnerOptions _options;
    private readonly ScorerRegistry _scorers;

    public ArmEvaluator(RunStore store, Func<ModelSpec, StudyModel> models, IProgressReporter? progress = null, RunnerOptions? options = null, ScorerRegistry? scorers = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _progress = progress ?? NullProgressReporter.Instance;
        _options = options ?? new RunnerOptions();
        _scorers = scorers ?? ScorerRegistry.CreateDefault();
        if (_options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "concurrency must be at least 1");
    }

    /// <summary>
    /// Records the arm as run, then calls its model on every frozen test example (and repeat) the store does not hold yet,
    /// storing each result as it arrives.
    /// </summary>
    public async Task EvaluateAsync(ArmPreparation preparation, PreparedArm prepared, IReadOnlySet<ResultKey> completed, StudyRetrievers retrievers,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentNullException.ThrowIfNull(retrievers);
        var (runId, study, labels, guard) = (preparation.RunId, preparation.Study, preparation.Labels, preparation.Guard);
        var (arm, modelSpec) = (prepared.Arm, prepared.Model);
        var test = preparation.Split.Test;
        var pool = preparation.Split.Train.Concat(preparation.Split.Dev).ToList();
        await _store.SaveArmAsync(new ArmRecord(runId, arm.Name, modelSpec.Reference, TypedJson.Serialize(arm, StoreJson)), cancellationToken).ConfigureAwait(false);
        var model = prepared.Client is { } own ? new StudyModel(own, null) : _models(modelSpec);
        using var renderer = new PromptRenderer(arm, study.Task, pool, guard, labels, ResponseSchemas.Of(study, arm));
        var scorers = StudyScorers.Create(_scorers, study, labels);
        var repeat = Math.Max(1, arm.Repeat);
        var work = new List<(Example Example, int Repeat)>();
        foreach (var example in test)
        {
            for (var r = 0; r < repeat; r++)
            {
                if (!completed.Contains(new ResultKey(arm.Name, example.Id, r)))
                    work.Add((example, r));
            }
        }
        using var task = _progress.Start(arm.Name, test.Count * repeat);
        task.Increment(test.Count * repeat - work.Count);
        if (work.Count == 0)
            return;
        var context = await ArmContext.CreateAsync(study, arm, retrievers, cancellationToken).ConfigureAwait(false);
        // Prompts are fitted to the (base) model's context as the arm's policy says; one that cannot fit is never sent.
        var fitter = _options.ContextWindows?.Invoke(study.ModelOf(arm)) is { } window ? new ContextFitter(window, arm, study.Task) : null;

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var succeeded = 0;
        var failedBeforeAnySuccess = 0;
        // Calls that failed transiently (after their own retries) are held back, not stored, and get one more round
        // once every other call of the arm has run: a burst of rate limits or a server restart then costs no answers.
        var deferred = new System.Collections.Concurrent.ConcurrentQueue<(Example Example, int Repeat)>();
        async Task WorkAsync(Channel<(Example Example, int Repeat)> queue, bool lastRound)
        {
            try
            {
                while (await queue.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    while (queue.Reader.TryRead(out var item))
                    {
                        linked.Token.ThrowIfCancellationRequested();
                        var (result, transient) = await CallAsync(runId, study, arm, model, renderer, fitter, context, scorers, item.Example, item.Repeat, linked.Token).ConfigureAwait(false);
                        if (result.Error is null)
                            Interlocked.Increment(ref succeeded);
                        // A model that is unreachable or rejects every request would otherwise fail thousands of calls one by one.
                        // A prompt that did not fit the context was never sent, so it says nothing about the model.
                        else if (!result.Error.StartsWith(ContextError, StringComparison.Ordinal)
                                 && Volatile.Read(ref succeeded) == 0 && Interlocked.Increment(ref failedBeforeAnySuccess) >= _options.FailFastAfter)
                        {
                            await _store.RecordResultAsync(result, CancellationToken.None).ConfigureAwait(false);
                            throw new UserInputException($"arm '{arm.Name}': the first {_options.FailFastAfter} calls to model '{arm.Model}' all failed; last error: {result.Error}. The results so far are stored; fix the model and rerun to resume.");
                        }
                        if (transient && !lastRound)
                        {
                            deferred.Enqueue(item);
                            continue;
                        }
                        await _store.RecordResultAsync(result, CancellationToken.None).ConfigureAwait(false);
                        task.Increment();
                        _options.OnResult?.Invoke(result);
                    }
                }
            }
            catch
            {
                // One failing worker stops the others at once, keeping what they already stored.
                await linked.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        async Task RoundAsync(IReadOnlyCollection<(Example Example, int Repeat)> items, bool lastRound)
        {
            var queue = Channel.CreateUnbounded<(Example Example, int Repeat)>();
            foreach (var item in items)
                queue.Writer.TryWrite(item);
            queue.Writer.Complete();
            var workers = Enumerable.Range(0, Math.Min(_options.Concurrency, items.Count)).Select(_ => WorkAsync(queue, lastRound)).ToArray();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var cause = workers.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException).FirstOrDefault(e => e is not OperationCanceledException);
                if (cause is not null)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
                throw;
            }
        }

        var clock = Stopwatch.StartNew();
        try
        {
            await RoundAsync(work, lastRound: false).ConfigureAwait(false);
            if (!deferred.IsEmpty)
                await RoundAsync([.. deferred], lastRound: true).ConfigureAwait(false);
        }
        finally
        {
            await AddComputeAsync(runId, arm.Name, clock.Elapsed.TotalSeconds, Volatile.Read(ref succeeded)).ConfigureAwait(false);
        }
    }

    /// <summary>How a result whose prompt did not fit the model's context begins: no call was made for it.</summary>
    public const string ContextError = "context: ";

    /// <summary>One call, scored; <c>Transient</c> when it failed with a fault that may clear (rate limit, 5xx, timeout).</summary>
    private static async Task<(ExampleResult Result, bool Transient)> CallAsync(
        string runId, Study study, ArmSpec arm, StudyModel model, PromptRenderer renderer, ContextFitter? fitter, ArmContext? context,
        IReadOnlyList<IScorer> scorers, Example example, int repeat, CancellationToken cancellationToken)
    {
        var expected = example.Fields.TryGetValue(study.Task.Expected, out var gold) ? gold : null;
        var retrieved = context is null ? default : await context.GetAsync(example, cancellationToken).ConfigureAwait(false);
        RenderedPrompt prompt;
        if (fitter is null)
        {
            prompt = renderer.Render(example, retrieved.Context);
        }
        else
        {
            var fitted = fitter.Fit(renderer, example, retrieved.Context);
            if (fitted.Prompt is null)
            {
                var why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{ContextError}the prompt is {fitted.Tokens} tokens, over the {fitter.Limit}-token context of model '{arm.Model}' ({fitter.Window.Source}); not sent (truncate: {arm.Truncate.ToString().ToLowerInvariant()})");
                if (arm.Truncate == TruncatePolicy.Error)
                    throw new UserInputException($"arm '{arm.Name}': {why}");
                return (new ExampleResult
                {
                    RunId = runId, Arm = arm.Name, ExampleId = example.Id, Repeat = repeat, Expected = expected, Prompt = "", Error = why,
                    RetrievedDocumentIds = context is null ? null : retrieved.DocumentIds,
                }, false);
            }
            prompt = fitted.Prompt;
        }
        var result = new ExampleResult
        {
            RunId = runId,
            Arm = arm.Name,
            ExampleId = example.Id,
            Repeat = repeat,
            Expected = expected,
            Prompt = prompt.Text,
            // Kept with the result so recall can be measured from the store alone.
            RetrievedDocumentIds = context is null ? null : retrieved.DocumentIds,
        };
        var clock = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await model.Client.GetResponseAsync(prompt.Messages, prompt.Options.WithRepeatIndex(repeat).WithLatencyGroup(arm.Name), cancellationToken).ConfigureAwait(false);
        }
        catch (ModelCallException ex)
        {
            return (result with { Error = $"{ex.Kind}: {ex.Message}", Latency = clock.Elapsed }, ex.IsTransient);
        }
        clock.Stop();
        var record = response.GetCallRecord();
        var output = response.Text ?? "";
        var answer = AnswerExtractor.Extract(output, arm.Prompt.ChainOfThought);
        var scores = new JsonObject();
        foreach (var scorer in scorers)
        {
            var score = await scorer.ScoreAsync(new ScoreRequest(answer, expected, StudyScorers.InputOf(study, example)), cancellationToken).ConfigureAwait(false);
            scores[scorer.Name] = score.IsError || !double.IsFinite(score.Value) ? null : score.Value;
        }
        return (result with
        {
            Output = output,
            ScoreJson = scores.ToJsonString(),
            InputTokens = record?.InputTokens ?? response.Usage?.InputTokenCount ?? 0,
            CachedInputTokens = record?.CachedInputTokens ?? 0,
            OutputTokens = record?.OutputTokens ?? response.Usage?.OutputTokenCount ?? 0,
            Cost = record?.CostUsd ?? 0,
            Latency = record?.Latency ?? clock.Elapsed,
        }, false);
    }

    private async Task AddComputeAsync(string runId, string arm, double seconds, int calls)
    {
        var artifact = ArmCompute.Artifact.For(arm);
        var previous = await _store.LoadAsync(runId, artifact, CancellationToken.None).ConfigureAwait(false) ?? new ArmCompute(0, 0);
        var total = new ArmCompute(previous.Seconds + seconds, previous.Calls + calls);
        await _store.SaveAsync(runId, artifact, total, CancellationToken.None).ConfigureAwait(false);
    }
}
