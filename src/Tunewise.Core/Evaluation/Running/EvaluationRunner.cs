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
    public const string FailedCallsNote =
        "A failed model call counts as a wrong answer (score 0) in every metric's n; the errors column counts them.";

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
            (spec, seconds) => LocalCompute.IsLocal(spec.Provider) ? _options.LocalCompute.Cost(seconds) : null);
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

    public async Task<StudyReport> RunAsync(StudyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = await OpenRunAsync(input, cancellationToken).ConfigureAwait(false);
        if (input.Curation is not null)
            await _store.SaveArtifactAsync(run.Id, "curation", input.Curation.ToJsonString(), cancellationToken).ConfigureAwait(false);
        var completed = await _store.GetCompletedAsync(run.Id, includeErrors: false, cancellationToken).ConfigureAwait(false);
        var study = input.Study;
        var labels = Labels(study, input.Split);
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
                    var point = LearningCurveArm(arm, fraction);
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
        return await SummarizeAsync(input, run.Id, completedRun: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunArmAsync(
        string runId, Study study, ArmSpec arm, ModelSpec modelSpec, IReadOnlyList<Example> test, IReadOnlyList<Example> pool, TestSetGuard guard,
        IReadOnlyList<string> labels, IReadOnlySet<ResultKey> completed, StudyRetrievers retrievers, CancellationToken cancellationToken)
    {
        var model = _models(modelSpec);
        using var renderer = new PromptRenderer(arm, study.Task, pool, guard, labels, SchemaOf(study, arm));
        var scorers = CreateScorers(study, labels);
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
            var score = await scorer.ScoreAsync(new ScoreRequest(answer, expected, InputOf(study, example)), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Builds the report from what the store holds for this run: metrics with CIs, costs, latency and paired comparisons.</summary>
    public async Task<StudyReport> SummarizeAsync(StudyRunInput input, string runId, bool completedRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var study = input.Study;
        var labels = Labels(study, input.Split);
        var scorers = CreateScorers(study, labels);
        var testIds = input.Split.Test.Select(e => e.Id).ToList();
        var testById = input.Split.Test.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var arms = new List<ArmReport>();
        var scored = new Dictionary<string, Dictionary<string, (ScoreRequest Case, Dictionary<string, ScoreResult> Scores)>>(StringComparer.Ordinal);
        var primaryMetric = study.Requirement?.Metric ?? scorers.FirstOrDefault()?.Name;

        foreach (var arm in study.Arms)
        {
            var modelSpec = study.ModelOf(arm);
            FineTuneReport? fineTune = null;
            if (arm.Kind == ArmKind.FineTuning)
            {
                var outcome = await _fineTune.LoadAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false);
                if (outcome is null)
                {
                    arms.Add(new ArmReport { Name = arm.Name, Model = modelSpec.Reference, Kind = KindName(arm.Kind), Status = "not_run", Reason = _fineTune.NotRunReason(modelSpec) });
                    continue;
                }
                fineTune = FineTuneStage.Report(outcome);
                modelSpec = FineTuneStage.TunedModel(arm, modelSpec, outcome);
            }
            var (results, primary, perExample, metrics) = await ScoreArmAsync(runId, study, arm, arm.Name, scorers, testIds, testById, cancellationToken).ConfigureAwait(false);
            var price = _models(modelSpec).Price;
            scored[arm.Name] = perExample;
            var errorClasses = primaryMetric is null ? null : ErrorClassifier.Count(perExample
                .Where(p => primary[p.Key].Error is null && p.Value.Item2.TryGetValue(primaryMetric, out var sc) && !sc.IsError && sc.Value < 1)
                .Select(p => ErrorClassifier.Classify(p.Value.Item1.Output, p.Value.Item1.Expected, study.Task.Kind, arm.Prompt.ResponseFormat, labels, primaryMetric)));
            var latencies = results.Where(r => r.Error is null).Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
            var expectedCount = testIds.Count * Math.Max(1, arm.Repeat);
            var (cost, perQuery, costSource) = await CostOfAsync(runId, arm, modelSpec, price, results, cancellationToken).ConfigureAwait(false);
            var optimization = await _store.GetArtifactAsync(runId, OptimizationArtifactPrefix + arm.Name, cancellationToken).ConfigureAwait(false) is { } optimized
                ? TypedJson.Deserialize<OptimizationResult>(optimized, ArtifactJson)
                : null;
            var local = LocalCompute.IsLocal(modelSpec.Provider);
            // One-off: training (fine-tuning arms) and the prompt search (optimized arms), priced like the arm's calls.
            var oneOff = fineTune is not null
                ? local ? _options.LocalCompute.Cost(fineTune.TrainingSeconds) : (decimal?)null
                : optimization is null ? 0m
                : optimization.CostUsd ?? (local ? _options.LocalCompute.Cost(optimization.Seconds) : null);
            arms.Add(new ArmReport
            {
                Name = arm.Name,
                Model = study.ModelOf(arm).Reference,
                Kind = KindName(arm.Kind),
                Status = results.Count(r => r.Error is null) >= expectedCount ? "completed" : "partial",
                Metrics = metrics,
                Examples = results.Count,
                Errors = results.Count(r => r.Error is not null),
                InputTokens = results.Sum(r => r.InputTokens),
                OutputTokens = results.Sum(r => r.OutputTokens),
                Cost = cost,
                CostPerQuery = perQuery,
                CostSource = costSource,
                OneOffCost = oneOff,
                LatencyP50Ms = Percentile(latencies, 0.50),
                LatencyP95Ms = Percentile(latencies, 0.95),
                Retrieval = RetrievalOf(arm, testIds, testById, primary),
                ErrorClasses = errorClasses,
                Robustness = await _store.GetArtifactAsync(runId, RobustnessArtifactPrefix + arm.Name, cancellationToken).ConfigureAwait(false) is { } robustness
                    ? JsonNode.Parse(robustness)
                    : null,
                FineTune = fineTune,
                Optimization = optimization,
                LearningCurve = await LearningCurveOfAsync(runId, study, arm, primaryMetric, scorers, testIds, testById, cancellationToken).ConfigureAwait(false),
            });
        }

        for (var i = 0; i < arms.Count; i++)
        {
            if (arms[i].FineTune?.Teacher is { } teacher && scored.TryGetValue(teacher.Name, out var teacherAnswers) && scored.TryGetValue(arms[i].Name, out var studentAnswers))
            {
                var shared = studentAnswers.Keys.Where(teacherAnswers.ContainsKey).ToList();
                var agree = shared.Count == 0 ? (double?)null
                    : shared.Count(id => string.Equals(studentAnswers[id].Case.Output.Trim(), teacherAnswers[id].Case.Output.Trim(), StringComparison.Ordinal)) / (double)shared.Count;
                arms[i] = arms[i] with { FineTune = arms[i].FineTune! with { Teacher = teacher with { AgreementOnTest = agree } } };
            }
        }
        var (comparisons, note) = Compare(scorers, scored);
        var report = new StudyReport
        {
            Study = study.Name,
            StudyFile = study.Source.File,
            StudyHash = input.StudyHash,
            RunId = runId,
            TestHash = input.Frozen.Hash,
            TestExamples = testIds.Count,
            Requirement = study.Requirement is { } req ? new RequirementReport(req.Metric, req.Target) : null,
            Arms = arms,
            MetricsNote = FailedCallsNote,
            Comparisons = comparisons,
            ComparisonNote = note,
            Curation = input.Curation?.DeepClone(),
            Completed = completedRun && arms.All(a => a.Status != "partial"),
        };
        var exampleScores = primaryMetric is null
            ? new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal)
            : scored.ToDictionary(a => a.Key, a => (IReadOnlyList<double>)testIds
                .Select(id => a.Value.TryGetValue(id, out var e) && e.Scores.TryGetValue(primaryMetric, out var sc) && !sc.IsError ? sc.Value : double.NaN)
                .ToList(), StringComparer.Ordinal);
        return report with { Decision = StudyDecision.Decide(study, report, exampleScores) };
    }

    /// <summary>An arm's stored test results (under <paramref name="resultsName"/>) scored with every metric, failed calls as wrong.</summary>
    private async Task<(List<ExampleResult> Results, Dictionary<string, ExampleResult> Primary, Dictionary<string, (ScoreRequest Case, Dictionary<string, ScoreResult> Scores)> PerExample, Dictionary<string, MetricValue> Metrics)>
        ScoreArmAsync(string runId, Study study, ArmSpec arm, string resultsName, IReadOnlyList<IScorer> scorers, IReadOnlyList<string> testIds,
            IReadOnlyDictionary<string, Example> testById, CancellationToken cancellationToken)
    {
        var results = new List<ExampleResult>();
        await foreach (var r in _store.ReadResultsAsync(runId, resultsName, cancellationToken).ConfigureAwait(false))
        {
            if (testById.ContainsKey(r.ExampleId))
                results.Add(r);
        }
        var primary = results.Where(r => r.Repeat == 0).ToDictionary(r => r.ExampleId, StringComparer.Ordinal);
        var perExample = new Dictionary<string, (ScoreRequest, Dictionary<string, ScoreResult>)>(StringComparer.Ordinal);
        foreach (var id in testIds)
        {
            if (!primary.TryGetValue(id, out var r))
                continue;
            var answer = r.Output is null ? "" : AnswerExtractor.Extract(r.Output, arm.Prompt.ChainOfThought);
            var values = ParseScores(r);
            // A failed call is a wrong answer: leaving it out would report the quality of the calls that happened to work.
            perExample[id] = (new ScoreRequest(answer, r.Expected, InputOf(study, testById[id])),
                scorers.ToDictionary(s => s.Name, s => r.Error is not null
                    ? ScoreResult.Binary(false, r.Error)
                    : values.TryGetValue(s.Name, out var v) && v is { } value
                        ? new ScoreResult(value, null, null)
                        : ScoreResult.Unscorable("unscorable")));
        }
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (var scorer in scorers)
        {
            var cases = perExample.Values.Select(v => v.Item1).ToList();
            var scores = perExample.Values.Select(v => v.Item2[scorer.Name]).ToList();
            metrics[scorer.Name] = MetricValue.From(MetricEstimator.Estimate(scorer, cases, scores, _options.Bootstrap));
        }
        return (results, primary, perExample, metrics);
    }

    /// <summary>The arm trained on a nested share of its training data, evaluated under its own name (<c>ARM@0.25</c>).</summary>
    private static ArmSpec LearningCurveArm(ArmSpec arm, double fraction) =>
        arm with
        {
            Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{arm.Name}@{fraction:0.###}"),
            FineTune = arm.FineTune! with { LearningCurve = [], TrainFraction = fraction },
        };

    /// <summary>Score against training-set size for a fine-tuning arm with a learning curve; null without one.</summary>
    private async Task<IReadOnlyList<LearningCurvePoint>?> LearningCurveOfAsync(string runId, Study study, ArmSpec arm, string? metric, IReadOnlyList<IScorer> scorers,
        IReadOnlyList<string> testIds, IReadOnlyDictionary<string, Example> testById, CancellationToken cancellationToken)
    {
        if (arm.FineTune is not { LearningCurve.IsDefaultOrEmpty: false } tune || metric is null)
            return null;
        var points = new List<LearningCurvePoint>();
        foreach (var fraction in tune.LearningCurve.Append(1.0).Distinct())
        {
            var name = fraction == 1 ? arm.Name : LearningCurveArm(arm, fraction).Name;
            if (await _fineTune.LoadAsync(runId, name, cancellationToken).ConfigureAwait(false) is not { } outcome)
                continue;
            var (_, _, _, metrics) = await ScoreArmAsync(runId, study, arm, name, scorers, testIds, testById, cancellationToken).ConfigureAwait(false);
            if (metrics.TryGetValue(metric, out var value))
                points.Add(new LearningCurvePoint(fraction, outcome.TrainExamples, metric, value.Value, value.CiLow, value.CiHigh, value.N));
        }
        return [.. points.OrderBy(p => p.TrainExamples)];
    }

    private RetrievalReport? RetrievalOf(ArmSpec arm, IReadOnlyList<string> testIds, IReadOnlyDictionary<string, Example> testById, IReadOnlyDictionary<string, ExampleResult> primary)
    {
        if (arm.Retrieval is not { Oracle: false } spec)
            return null;
        var cases = new List<RetrievalCase>();
        foreach (var id in testIds)
        {
            var gold = GoldDocuments.Parse(testById[id].Fields.GetValueOrDefault(GoldDocuments.DefaultField));
            if (gold.Count == 0 || !primary.TryGetValue(id, out var r) || ArmContext.ReadIds(r.Prompt) is not { } ids)
                continue;
            cases.Add(new RetrievalCase(gold, ids.Select((doc, rank) => new RetrievedPassage(doc, 0, "", -rank)).ToList()));
        }
        if (cases.Count == 0)
            return null;
        var quality = RetrievalQuality.Evaluate(cases, spec.TopK, _options.Bootstrap);
        return new RetrievalReport(spec.TopK, MetricValue.From(quality.RecallAtK), MetricValue.From(quality.MeanReciprocalRank));
    }

    private (IReadOnlyList<ComparisonReport>, string?) Compare(
        IReadOnlyList<IScorer> scorers, Dictionary<string, Dictionary<string, (ScoreRequest Case, Dictionary<string, ScoreResult> Scores)>> scored)
    {
        var names = scored.Keys.ToList();
        if (names.Count < 2)
            return ([], null);
        var all = new List<PairedComparison>();
        foreach (var scorer in scorers)
        {
            var perMetric = new List<PairedComparison>();
            for (var i = 0; i < names.Count; i++)
            {
                for (var j = i + 1; j < names.Count; j++)
                {
                    var a = scored[names[i]];
                    var b = scored[names[j]];
                    var shared = a.Keys.Where(b.ContainsKey).ToList();
                    perMetric.Add(MetricEstimator.Compare(scorer,
                        names[i], shared.Select(id => a[id].Case).ToList(), shared.Select(id => a[id].Scores[scorer.Name]).ToList(),
                        names[j], shared.Select(id => b[id].Case).ToList(), shared.Select(id => b[id].Scores[scorer.Name]).ToList()));
                }
            }
            all.AddRange(names.Count > 2 ? MultipleComparisons.Adjust(perMetric) : perMetric);
        }
        var note = names.Count > 2 ? MultipleComparisons.Note(names.Count, all.Count / Math.Max(1, scorers.Count)) : null;
        var reports = all.Select(c => new ComparisonReport(c.ArmA, c.ArmB, c.Metric, MetricValue.From(c.Difference), c.PValue, c.AdjustedPValue, c.Test,
            c.Verdict.ToString(), c.Summary)).ToList();
        return (reports, note);
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
            var metric = study.Requirement?.Metric ?? CreateScorers(study, labels)[0].Name;
            var scorer = _scorers.Create(metric, new ScorerOptions { Labels = labels.Count > 0 ? labels : null });
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

    internal sealed record ArmCompute(double Seconds, int Calls);

    private async Task AddComputeAsync(string runId, string arm, double seconds, int calls)
    {
        var stored = await _store.GetArtifactAsync(runId, ComputeArtifactPrefix + arm, CancellationToken.None).ConfigureAwait(false);
        var previous = stored is null ? new ArmCompute(0, 0) : TypedJson.Deserialize<ArmCompute>(stored, StoreJson)!;
        var total = new ArmCompute(previous.Seconds + seconds, previous.Calls + calls);
        await _store.SaveArtifactAsync(runId, ComputeArtifactPrefix + arm, TypedJson.Serialize(total, StoreJson), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Cost of an arm: the model's token price when it has one; for an in-process model, its measured
    /// compute time per call × the machine price (concurrent calls share that time, so it is not the sum of latencies).
    /// </summary>
    private async Task<(decimal? Cost, decimal? PerQuery, string? Source)> CostOfAsync(
        string runId, ArmSpec arm, ModelSpec model, ModelPrice? price, IReadOnlyList<ExampleResult> results, CancellationToken cancellationToken)
    {
        if (price is not null)
        {
            var cost = results.Sum(r => r.Cost);
            return (cost, results.Count > 0 ? cost / results.Count : null, model.Price is not null ? "the study's price for " + model.Reference : "the model catalog's list price for " + model.Reference);
        }
        if (!LocalCompute.IsLocal(model.Provider))
            return (null, null, null);
        var stored = await _store.GetArtifactAsync(runId, ComputeArtifactPrefix + arm.Name, cancellationToken).ConfigureAwait(false);
        if (stored is null || TypedJson.Deserialize<ArmCompute>(stored, StoreJson) is not { Calls: > 0 } compute)
            return (null, null, null);
        var perQuery = _options.LocalCompute.Cost(compute.Seconds / compute.Calls);
        var source = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"measured compute, {compute.Seconds / compute.Calls:0.###} s per query on this machine × {_options.LocalCompute.Source}");
        return (perQuery * results.Count, perQuery, source);
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
        var primary = study.Requirement?.Metric ?? CreateScorers(study, labels)[0].Name;
        foreach (var arm in study.Arms.Where(a => a.Kind == ArmKind.Prompting))
        {
            var name = RobustnessArtifactPrefix + arm.Name;
            if (await _store.GetArtifactAsync(runId, name, cancellationToken).ConfigureAwait(false) is not null)
                continue;
            var demonstrations = pool.Take(arm.Prompt.FewShot).ToList();
            guard.EnsureNotTest(demonstrations, TestSetGuard.FewShotPurpose(arm.Name));
            var scorer = _scorers.Create(primary, new ScorerOptions { Labels = labels.Count > 0 ? labels : null });
            var evaluator = new ModelVariantEvaluator(_models(study.ModelOf(arm)).Client, scorer, study, arm);
            var report = await RobustnessCheck.RunAsync(RobustnessPrompt.For(arm, study.Task, demonstrations), test, evaluator, options, _progress, cancellationToken)
                .ConfigureAwait(false);
            await _store.SaveArtifactAsync(runId, name, report.ToJson(), cancellationToken).ConfigureAwait(false);
        }
    }

    private IReadOnlyList<IScorer> CreateScorers(Study study, IReadOnlyList<string> labels)
    {
        var names = study.Metrics.IsDefaultOrEmpty
            ? MetricNames.DefaultsFor(study.Task.Kind).ToList()
            : study.Metrics.Select(m => m.Name).ToList();
        return names.Select(n => _scorers.Create(n, new ScorerOptions { Labels = labels.Count > 0 ? labels : null })).ToList();
    }

    private static IReadOnlyList<string> Labels(Study study, DataSplit split)
    {
        if (study.Task.Kind != TaskKind.Classification)
            return [];
        var source = split.Train.Count + split.Dev.Count > 0 ? split.Train.Concat(split.Dev) : split.Test;
        return source.Select(e => e.Fields.TryGetValue(study.Task.Expected, out var v) ? v : null)
            .OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
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

    private static string InputOf(Study study, Example example) =>
        string.Join("\n", study.Task.Input.Select(f => example.Fields.TryGetValue(f, out var v) ? v : ""));

    private static Dictionary<string, double?> ParseScores(ExampleResult result)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        if (result.ScoreJson is null)
            return values;
        foreach (var (name, node) in JsonNode.Parse(result.ScoreJson)!.AsObject())
            values[name] = node?.GetValue<double>();
        return values;
    }

    private static double? Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
            return null;
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static string KindName(ArmKind kind) => kind switch
    {
        ArmKind.FineTuning => "finetune",
        ArmKind.Retrieval => "retrieval",
        _ => "prompting",
    };
}
