using Tunewise.Serialization;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Data.Splits;
using Tunewise.Evaluation.Errors;
using Tunewise.Evaluation.Scoring;
using Tunewise.FineTuning.Running;
using Tunewise.Models;
using Tunewise.Progress;
using Tunewise.Prompting;
using Tunewise.Prompting.Optimization;
using Tunewise.Retrieval;
using Tunewise.Robustness;
using Tunewise.Statistics;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>
/// Runs every prompting and retrieval arm over the frozen test set through each model's middleware pipeline, storing
/// each result as it arrives. A rerun of the same study against the same frozen test set resumes: stored
/// (arm, example, repeat) results are not called again.
/// </summary>
public sealed class EvaluationRunner
{
    private readonly RunStore _store;
    private readonly Func<ModelSpec, StudyModel> _models;
    private readonly IProgressReporter _progress;
    private readonly RunnerOptions _options;
    private readonly ScorerRegistry _scorers;
    private readonly FineTuneStage _fineTune;

    public EvaluationRunner(RunStore store, Func<ModelSpec, StudyModel> models, IProgressReporter? progress = null, RunnerOptions? options = null, ScorerRegistry? scorers = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _progress = progress ?? NullProgressReporter.Instance;
        _options = options ?? new RunnerOptions();
        _scorers = scorers ?? ScorerRegistry.CreateDefault();
        _fineTune = new FineTuneStage(store, _options.FineTuning, _progress, spec => _models(spec).Client,
            (spec, seconds) => Tunewise.Economics.LocalCompute.IsLocal(spec.Provider) ? _options.LocalCompute.Cost(seconds) : null);
        if (_options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "concurrency must be at least 1");
    }

    /// <summary>Finds the run to resume (same study hash and frozen test hash) or starts one, and stores the frozen test set.</summary>
    public async Task<RunRecord> OpenRunAsync(StudyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var run in await _store.ListRunsAsync(input.Study.Name, cancellationToken).ConfigureAwait(false))
        {
            if (run.StudyFileHash != input.StudyHash)
                continue;
            var frozen = await _store.GetFrozenTestSetAsync(run.Id, cancellationToken).ConfigureAwait(false);
            if (frozen?.Hash == input.Frozen.Hash)
                return run;
        }
        var started = await _store.StartRunAsync(input.Study.Name, input.StudyHash, input.Study.Source.File, cancellationToken).ConfigureAwait(false);
        await _store.SaveFrozenTestSetAsync(started.Id, input.Frozen, cancellationToken).ConfigureAwait(false);
        return started;
    }

    /// <summary>Runs every arm not already stored (preparing fine-tuned and optimized ones first), then the robustness check; returns the run id.</summary>
    public async Task<string> RunAsync(StudyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = await OpenRunAsync(input, cancellationToken).ConfigureAwait(false);
        if (input.Curation is not null)
            await _store.SaveArtifactAsync(run.Id, "curation", input.Curation.ToJson(), cancellationToken).ConfigureAwait(false);
        var completed = await _store.GetCompletedAsync(run.Id, includeErrors: false, cancellationToken).ConfigureAwait(false);
        var study = input.Study;
        var labels = StudyScorers.Labels(study, input.Split);
        var guard = new TestSetGuard(input.Frozen);
        var pool = input.Split.Train.Concat(input.Split.Dev).ToList();

        using var retrievers = new StudyRetrievers(study, StudyRetrievers.IndexRootFor(_store.Path), progress: _progress);
        try
        {
            foreach (var arm in study.Arms)
            {
                var model = arm.Kind == ArmKind.FineTuning
                    ? await _fineTune.PrepareAsync(run.Id, study, arm, input.Split, guard, labels, cancellationToken, input.CleanIds).ConfigureAwait(false)
                    : study.ModelOf(arm);
                if (model is null)
                    continue;
                var runArm = arm.Prompt.Optimize is not null && arm.Kind == ArmKind.Prompting
                    ? await OptimizedArmAsync(run.Id, study, arm, input.Split, guard, labels, cancellationToken).ConfigureAwait(false)
                    : arm;
                await _store.SaveArmAsync(new ArmRecord(run.Id, arm.Name, model.Reference, TypedJson.Serialize(runArm, StoreJson)), cancellationToken).ConfigureAwait(false);
                await RunArmAsync(run.Id, study, runArm, model, input.Split.Test, pool, guard, labels, completed, retrievers, cancellationToken).ConfigureAwait(false);
                foreach (var fraction in arm.FineTune?.LearningCurve.Where(f => f != 1) ?? [])
                {
                    var point = FineTuneStage.LearningCurveArm(arm, fraction);
                    if (await _fineTune.PrepareAsync(run.Id, study, point, input.Split, guard, labels, cancellationToken, input.CleanIds).ConfigureAwait(false) is not { } tuned)
                        continue;
                    await _store.SaveArmAsync(new ArmRecord(run.Id, point.Name, tuned.Reference, TypedJson.Serialize(point, StoreJson)), cancellationToken).ConfigureAwait(false);
                    await RunArmAsync(run.Id, study, point, tuned, input.Split.Test, pool, guard, labels, completed, retrievers, cancellationToken).ConfigureAwait(false);
                }
            }
            await RunRobustnessAsync(run.Id, study, input.Split.Test, pool, guard, labels, cancellationToken).ConfigureAwait(false);
            await _store.FinishRunAsync(run.Id, RunStatus.Completed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _store.FinishRunAsync(run.Id, RunStatus.Cancelled, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            await _store.FinishRunAsync(run.Id, RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return run.Id;
    }

    private async Task RunArmAsync(
        string runId, Study study, ArmSpec arm, ModelSpec modelSpec, IReadOnlyList<Example> test, IReadOnlyList<Example> pool, TestSetGuard guard,
        IReadOnlyList<string> labels, IReadOnlySet<ResultKey> completed, StudyRetrievers retrievers, CancellationToken cancellationToken)
    {
        var model = _models(modelSpec);
        using var renderer = new PromptRenderer(arm, study.Task, pool, guard, labels, SchemaOf(study, arm));
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

        var queue = Channel.CreateUnbounded<(Example Example, int Repeat)>();
        foreach (var item in work)
            queue.Writer.TryWrite(item);
        queue.Writer.Complete();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var succeeded = 0;
        var failedBeforeAnySuccess = 0;
        async Task WorkAsync()
        {
            try
            {
                while (await queue.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    while (queue.Reader.TryRead(out var item))
                    {
                        linked.Token.ThrowIfCancellationRequested();
                        var result = await CallAsync(runId, study, arm, model, renderer, context, scorers, item.Example, item.Repeat, linked.Token).ConfigureAwait(false);
                        await _store.RecordResultAsync(result, CancellationToken.None).ConfigureAwait(false);
                        task.Increment();
                        _options.OnResult?.Invoke(result);
                        if (result.Error is null)
                            Interlocked.Increment(ref succeeded);
                        // A model that is unreachable or rejects every request would otherwise fail thousands of calls one by one.
                        else if (Volatile.Read(ref succeeded) == 0 && Interlocked.Increment(ref failedBeforeAnySuccess) >= _options.FailFastAfter)
                            throw new UserInputException($"arm '{arm.Name}': the first {_options.FailFastAfter} calls to model '{arm.Model}' all failed; last error: {result.Error}. The results so far are stored; fix the model and rerun to resume.");
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

        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(_options.Concurrency, work.Count)).Select(_ => WorkAsync()).ToArray();
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
        finally
        {
            await AddComputeAsync(runId, arm.Name, clock.Elapsed.TotalSeconds, Volatile.Read(ref succeeded)).ConfigureAwait(false);
        }
    }

    private static async Task<ExampleResult> CallAsync(
        string runId, Study study, ArmSpec arm, StudyModel model, PromptRenderer renderer, ArmContext? context, IReadOnlyList<IScorer> scorers,
        Example example, int repeat, CancellationToken cancellationToken)
    {
        var expected = example.Fields.TryGetValue(study.Task.Expected, out var gold) ? gold : null;
        var retrieved = context is null ? default : await context.GetAsync(example, cancellationToken).ConfigureAwait(false);
        var prompt = renderer.Render(example, retrieved.Context);
        var result = new ExampleResult
        {
            RunId = runId,
            Arm = arm.Name,
            ExampleId = example.Id,
            Repeat = repeat,
            Expected = expected,
            // The retrieved ids are kept with the prompt so recall can be measured from the store alone.
            Prompt = context is null ? prompt.Text : ArmContext.AppendIds(prompt.Text, retrieved.DocumentIds),
        };
        var clock = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await model.Client.GetResponseAsync(prompt.Messages, prompt.Options.WithRepeatIndex(repeat).WithLatencyGroup(arm.Name), cancellationToken).ConfigureAwait(false);
        }
        catch (ModelCallException ex)
        {
            return result with { Error = $"{ex.Kind}: {ex.Message}", Latency = clock.Elapsed };
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
        return result with
        {
            Output = output,
            ScoreJson = scores.ToJsonString(),
            InputTokens = record?.InputTokens ?? response.Usage?.InputTokenCount ?? 0,
            CachedInputTokens = record?.CachedInputTokens ?? 0,
            OutputTokens = record?.OutputTokens ?? response.Usage?.OutputTokenCount ?? 0,
            Cost = record?.CostUsd ?? 0,
            Latency = record?.Latency ?? clock.Elapsed,
        };
    }

    /// <summary>Robustness artefacts in the run store are named by this prefix and the arm.</summary>
    public const string RobustnessArtifactPrefix = "robustness:";

    public const string OptimizationArtifactPrefix = "optimized:";

    private static readonly JsonSerializerOptions ArtifactJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = CoreJsonContext.Default };

    /// <summary>Arm specifications and compute totals in the run store: property names as declared.</summary>
    private static readonly JsonSerializerOptions StoreJson = new() { TypeInfoResolver = CoreJsonContext.Default };

    /// <summary>
    /// The arm with its optimized demonstrations fixed: searched on dev once, stored as a run artefact, reused on resume.
    /// The primary metric (the requirement's, else the first) is what the search maximizes.
    /// </summary>
    private async Task<ArmSpec> OptimizedArmAsync(string runId, Study study, ArmSpec arm, DataSplit split, TestSetGuard guard,
        IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var name = OptimizationArtifactPrefix + arm.Name;
        OptimizationResult result;
        if (await _store.GetArtifactAsync(runId, name, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            result = TypedJson.Deserialize<OptimizationResult>(stored, ArtifactJson)!;
        }
        else
        {
            var metric = study.Requirement?.Metric ?? StudyScorers.Create(_scorers, study, labels)[0].Name;
            var scorer = _scorers.Create(metric, StudyScorers.Options(labels));
            var optimizer = new PromptOptimizer(_models(study.ModelOf(arm)).Client, scorer, _options.Concurrency);
            using var task = _progress.Start($"{arm.Name}: optimizing on dev", 1);
            result = await optimizer.OptimizeAsync(study, arm, split.Train, split.Dev, guard, labels, SchemaOf(study, arm), cancellationToken).ConfigureAwait(false);
            task.Increment();
            await _store.SaveArtifactAsync(runId, name, TypedJson.Serialize(result, ArtifactJson), cancellationToken).ConfigureAwait(false);
        }
        return arm with { Prompt = arm.Prompt with { Template = result.Template ?? arm.Prompt.Template, Demonstrations = [.. result.Demonstrations], FewShot = result.Demonstrations.Count, Optimize = null } };
    }

    /// <summary>Wall-clock seconds an arm's calls took and how many succeeded, summed over resumed sessions.</summary>
    public const string ComputeArtifactPrefix = "compute:";

        private async Task AddComputeAsync(string runId, string arm, double seconds, int calls)
    {
        var stored = await _store.GetArtifactAsync(runId, ComputeArtifactPrefix + arm, CancellationToken.None).ConfigureAwait(false);
        var previous = stored is null ? new Economics.ArmCompute(0, 0) : TypedJson.Deserialize<Economics.ArmCompute>(stored, StoreJson)!;
        var total = new Economics.ArmCompute(previous.Seconds + seconds, previous.Calls + calls);
        await _store.SaveArtifactAsync(runId, ComputeArtifactPrefix + arm, TypedJson.Serialize(total, StoreJson), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// When the study has a <c>robustness:</c> section, perturbs every prompting arm within its call
    /// budget and stores the report as a run artefact. A stored report is not recomputed on resume.
    /// </summary>
    private async Task RunRobustnessAsync(
        string runId, Study study, IReadOnlyList<Example> test, IReadOnlyList<Example> pool, TestSetGuard guard,
        IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        if (!study.Robustness.IsPresent)
            return;
        var options = RobustnessOptions.FromStudy(study);
        var primary = study.Requirement?.Metric ?? StudyScorers.Create(_scorers, study, labels)[0].Name;
        foreach (var arm in study.Arms.Where(a => a.Kind == ArmKind.Prompting))
        {
            var name = RobustnessArtifactPrefix + arm.Name;
            if (await _store.GetArtifactAsync(runId, name, cancellationToken).ConfigureAwait(false) is not null)
                continue;
            var demonstrations = pool.Take(arm.Prompt.FewShot).ToList();
            guard.EnsureNotTest(demonstrations, TestSetGuard.FewShotPurpose(arm.Name));
            var scorer = _scorers.Create(primary, StudyScorers.Options(labels));
            var evaluator = new ModelVariantEvaluator(_models(study.ModelOf(arm)).Client, scorer, study, arm);
            var report = await RobustnessCheck.RunAsync(RobustnessPrompt.For(arm, study.Task, demonstrations), test, evaluator, options, _progress, cancellationToken)
                .ConfigureAwait(false);
            await _store.SaveArtifactAsync(runId, name, report.ToJson(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? SchemaOf(Study study, ArmSpec arm)
    {
        if (arm.Prompt.Schema is { } inline)
            return inline;
        if (arm.Prompt.SchemaFile is { } file)
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(study.BaseDirectory, file);
            return File.ReadAllText(path);
        }
        return null;
    }
}
