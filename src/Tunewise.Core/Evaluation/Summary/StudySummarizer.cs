using System.Text.Json.Nodes;
using Tunewise.Arms.Baselines;
using Tunewise.Data;
using Tunewise.Evaluation.Errors;
using Tunewise.Evaluation.Running;
using Tunewise.Evaluation.Scoring;
using Tunewise.FineTuning.Running;
using Tunewise.Prompting;
using Tunewise.Prompting.Optimization;
using Tunewise.Results;
using Tunewise.Retrieval;
using Tunewise.Robustness;
using Tunewise.Statistics;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Data.Preparation;

namespace Tunewise.Evaluation.Summary;

/// <summary>
/// The summary stage: reads what the run store holds for a run and states it as a <see cref="StudySummary"/>, arm by
/// arm: every metric with its CI (failed calls count as wrong), tokens, latency, retrieval recall, wrong answers by cause,
/// and paired comparisons between arms. Costs are left to the economics stage that follows. It makes no model call, so it
/// also summarises a cancelled run.
/// </summary>
public sealed class StudySummarizer
{
    public const string FailedCallsNote =
        "A failed model call counts as a wrong answer (score 0) in every metric's n; the errors column counts them.";

    private readonly RunStore _store;
    private readonly RunnerOptions _options;
    private readonly ScorerRegistry _scorers;
    private readonly FineTuneStage _fineTune;

    public StudySummarizer(RunStore store, RunnerOptions? options = null, ScorerRegistry? scorers = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new RunnerOptions();
        _scorers = scorers ?? ScorerRegistry.CreateDefault();
        _fineTune = new FineTuneStage(store, _options.FineTuning);
    }

    /// <summary>Builds the summary from what the store holds for this run: metrics with CIs, latency and paired comparisons.</summary>
    public async Task<StudySummary> SummarizeAsync(StudyRunInput input, string runId, bool completedRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var study = input.Study;
        var labels = StudyScorers.Labels(study, input.Split);
        var scorers = StudyScorers.Create(_scorers, study, labels);
        var testIds = input.Split.Test.Select(e => e.Id).ToList();
        var testById = input.Split.Test.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var arms = new List<ArmSummary>();
        var scored = new Dictionary<string, Dictionary<string, (ScoreRequest Case, Dictionary<string, ScoreResult> Scores)>>(StringComparer.Ordinal);
        var primaryMetric = study.Requirement?.Metric ?? scorers.FirstOrDefault()?.Name;

        foreach (var arm in study.Arms)
        {
            var modelSpec = study.ModelOf(arm);
            var fit = await _store.LoadAsync(runId, ContextCheck.Artifact.For(arm.Name), cancellationToken).ConfigureAwait(false);
            if (fit?.NotRunReason is { } notRun)
            {
                arms.Add(new ArmSummary { Name = arm.Name, Model = modelSpec.Reference, Kind = KindName(arm.Kind), Status = "not_run", Reason = notRun, Context = fit });
                continue;
            }
            FineTuneSummary? fineTune = null;
            var baseline = arm.Baseline is null ? null : await _store.LoadAsync(runId, BaselinePreparer.Artifact.For(arm.Name), cancellationToken).ConfigureAwait(false);
            if (arm.Kind == ArmKind.FineTuning)
            {
                var outcome = await _fineTune.LoadAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false);
                if (outcome is null)
                {
                    var failure = await _fineTune.LoadFailureAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false);
                    arms.Add(new ArmSummary { Name = arm.Name, Model = modelSpec.Reference, Kind = KindName(arm.Kind), Status = "not_run", Reason = _fineTune.NotRunReason(modelSpec, failure) });
                    continue;
                }
                fineTune = FineTuneStage.Summarize(outcome);
            }
            var (results, primary, perExample, metrics) = await ScoreArmAsync(runId, study, arm, arm.Name, scorers, testIds, testById, cancellationToken).ConfigureAwait(false);
            scored[arm.Name] = perExample;
            var errorClasses = primaryMetric is null ? null : ErrorClassifier.Count(perExample
                .Where(p => primary[p.Key].Error is null && p.Value.Item2.TryGetValue(primaryMetric, out var sc) && !sc.IsError && sc.Value < 1)
                .Select(p => ErrorClassifier.Classify(p.Value.Item1.Output, p.Value.Item1.Expected, study.Task.Kind, arm.Prompt.ResponseFormat, labels, primaryMetric)));
            var latencies = results.Where(r => r.Error is null).Select(r => r.Latency.TotalMilliseconds).Order().ToArray();
            var expectedCount = testIds.Count * Math.Max(1, arm.Repeat);
            var curve = await LearningCurveOfAsync(runId, study, arm, primaryMetric, scorers, testIds, testById, cancellationToken).ConfigureAwait(false);
            arms.Add(new ArmSummary
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
                LatencyP50Ms = Percentile(latencies, 0.50),
                LatencyP95Ms = Percentile(latencies, 0.95),
                Retrieval = RetrievalOf(arm, testIds, testById, primary),
                ErrorClasses = errorClasses,
                Robustness = await _store.LoadAsync(runId, RobustnessReport.Artifact.For(arm.Name), cancellationToken).ConfigureAwait(false),
                FineTune = fineTune,
                Baseline = baseline,
                Optimization = await _store.LoadAsync(runId, PromptOptimizationPreparer.Artifact.For(arm.Name), cancellationToken).ConfigureAwait(false),
                Context = fit,
                LearningCurve = curve,
                LearningCurvePrediction = curve is null ? null : LearningCurveForecast.Predict(curve),
                Forecast = arm.Kind == ArmKind.FineTuning ? await _store.LoadAsync(runId, FineTuneForecaster.Artifact.For(arm.Name), cancellationToken).ConfigureAwait(false) : null,
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
        if (primaryMetric is not null)
        {
            // The decision compares arms example by example, so each arm carries its primary scores in frozen test order.
            for (var i = 0; i < arms.Count; i++)
            {
                if (scored.TryGetValue(arms[i].Name, out var answers))
                    arms[i] = arms[i] with { PrimaryScores = [.. testIds.Select(id => answers.TryGetValue(id, out var e) && e.Scores.TryGetValue(primaryMetric, out var sc) && !sc.IsError ? sc.Value : double.NaN)] };
            }
        }
        var (comparisons, note) = Compare(scorers, scored);
        return new StudySummary
        {
            Study = study.Name,
            StudyFile = study.Source.File,
            StudyHash = input.StudyHash,
            RunId = runId,
            TestHash = input.Frozen.Hash,
            TestExamples = testIds.Count,
            Requirement = study.Requirement is { } req ? new RequirementSummary(req.Metric, req.Target) : null,
            Arms = arms,
            MetricsNote = FailedCallsNote,
            Comparisons = comparisons,
            ComparisonNote = note,
            Curation = input.Curation,
            Completed = completedRun && arms.All(a => a.Status != "partial"),
        };
    }

    /// <summary>Every declared arm's stored answers, arm by arm in study order: the lines of results.jsonl.</summary>
    public async Task<IReadOnlyList<ResultLine>> ResultLinesAsync(Study study, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        var lines = new List<ResultLine>();
        foreach (var arm in study.Arms)
        {
            await foreach (var r in _store.ReadResultsAsync(runId, arm.Name, cancellationToken).ConfigureAwait(false))
            {
                lines.Add(new ResultLine
                {
                    Id = r.ExampleId,
                    Arm = r.Arm,
                    Repeat = r.Repeat,
                    Output = r.Output,
                    Answer = r.Output is null ? null : AnswerExtractor.Extract(r.Output, arm.Prompt.ChainOfThought),
                    Expected = r.Expected,
                    Score = r.ScoreJson is null ? null : ParseScores(r),
                    Error = r.Error,
                    // results.jsonl shows the retrieved documents as the prompt's last line, as it always has.
                    Prompt = RetrievedDocuments.DescribeInPrompt(r.Prompt, r.RetrievedDocumentIds),
                    InputTokens = r.InputTokens,
                    OutputTokens = r.OutputTokens,
                    LatencyMs = Math.Round(r.Latency.TotalMilliseconds, 3),
                });
            }
        }
        return lines;
    }

    /// <summary>An arm's stored test results (under <paramref name="resultsName"/>) scored with every metric, failed calls as wrong.</summary>
    private async Task<(List<ExampleResult> Results, Dictionary<string, ExampleResult> Primary, Dictionary<string, (ScoreRequest Case, Dictionary<string, ScoreResult> Scores)> PerExample, Dictionary<string, MetricEstimate> Metrics)>
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
            perExample[id] = (new ScoreRequest(answer, r.Expected, StudyScorers.InputOf(study, testById[id])),
                scorers.ToDictionary(s => s.Name, s => r.Error is not null
                    ? ScoreResult.Binary(false, r.Error)
                    : values.TryGetValue(s.Name, out var v) && v is { } value
                        ? new ScoreResult(value, null, null)
                        : ScoreResult.Unscorable("unscorable")));
        }
        var metrics = new Dictionary<string, MetricEstimate>(StringComparer.Ordinal);
        foreach (var scorer in scorers)
        {
            var cases = perExample.Values.Select(v => v.Item1).ToList();
            var scores = perExample.Values.Select(v => v.Item2[scorer.Name]).ToList();
            metrics[scorer.Name] = MetricEstimate.From(MetricEstimator.Estimate(scorer, cases, scores, _options.Bootstrap));
        }
        return (results, primary, perExample, metrics);
    }

    /// <summary>Score against training-set size for a fine-tuning arm with a learning curve; null without one.</summary>
    private async Task<IReadOnlyList<LearningCurvePoint>?> LearningCurveOfAsync(string runId, Study study, ArmSpec arm, string? metric, IReadOnlyList<IScorer> scorers,
        IReadOnlyList<string> testIds, IReadOnlyDictionary<string, Example> testById, CancellationToken cancellationToken)
    {
        if (arm.FineTune is not { LearningCurve.IsDefaultOrEmpty: false } tune || metric is null)
            return null;
        var points = new List<LearningCurvePoint>();
        foreach (var fraction in tune.LearningCurve.Append(1.0).Distinct())
        {
            var name = fraction == 1 ? arm.Name : FineTuneStage.LearningCurveArm(arm, fraction).Name;
            if (await _fineTune.LoadAsync(runId, name, cancellationToken).ConfigureAwait(false) is not { } outcome)
                continue;
            var (_, _, _, metrics) = await ScoreArmAsync(runId, study, arm, name, scorers, testIds, testById, cancellationToken).ConfigureAwait(false);
            if (metrics.TryGetValue(metric, out var value))
                points.Add(new LearningCurvePoint(fraction, outcome.TrainExamples, metric, value.Value, value.CiLow, value.CiHigh, value.N));
        }
        return [.. points.OrderBy(p => p.TrainExamples)];
    }

    private RetrievalSummary? RetrievalOf(ArmSpec arm, IReadOnlyList<string> testIds, IReadOnlyDictionary<string, Example> testById, IReadOnlyDictionary<string, ExampleResult> primary)
    {
        if (arm.Retrieval is not { Oracle: false } spec)
            return null;
        var cases = new List<RetrievalCase>();
        foreach (var id in testIds)
        {
            var gold = GoldDocuments.Parse(testById[id].Fields.GetValueOrDefault(GoldDocuments.DefaultField));
            if (gold.Count == 0 || !primary.TryGetValue(id, out var r) || r.RetrievedDocumentIds is not { } ids)
                continue;
            cases.Add(new RetrievalCase(gold, ids.Select((doc, rank) => new RetrievedPassage(doc, 0, "", -rank)).ToList()));
        }
        if (cases.Count == 0)
            return null;
        var quality = RetrievalQuality.Evaluate(cases, spec.TopK, _options.Bootstrap);
        return new RetrievalSummary(spec.TopK, MetricEstimate.From(quality.RecallAtK), MetricEstimate.From(quality.MeanReciprocalRank));
    }

    private (IReadOnlyList<ComparisonSummary>, string?) Compare(
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
        var reports = all.Select(c => new ComparisonSummary(c.ArmA, c.ArmB, c.Metric, MetricEstimate.From(c.Difference), c.PValue, c.AdjustedPValue, c.Test,
            c.Verdict.ToString(), c.Summary)).ToList();
        return (reports, note);
    }

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
        ArmKind.Baseline => "baseline",
        _ => "prompting",
    };
}
