using Tunewise.Arms;
using Tunewise.Data.Splits;
using Tunewise.Decision;
using Tunewise.Economics;
using Tunewise.Evaluation.Running;
using Tunewise.Evaluation.Scoring;
using Tunewise.Evaluation.Summary;
using Tunewise.FineTuning.Running;
using Tunewise.Models;
using Tunewise.Progress;
using Tunewise.Prompting.Optimization;
using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Retrieval;
using Tunewise.Robustness;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Data.Preparation;
using Tunewise.Prompting;
using Tunewise.Serialization;

namespace Tunewise.Running;

/// <summary>
/// One study, run end to end. It only sequences the stages, each in its concept's folder, and hands each the typed
/// record the one before produced: data preparation (<see cref="StudyPreparation"/>, by the caller, so validation can
/// read the same data) ▸ arm preparation (<see cref="IArmPreparer"/>: prompt optimisation, fine-tuning) ▸ arm evaluation
/// (<see cref="ArmEvaluator"/>) ▸ robustness (<see cref="RobustnessStage"/>) ▸ summary (<see cref="StudySummarizer"/>: metrics,
/// statistics, error classes) ▸ economics (<see cref="EconomicsStage"/>: each arm's costs) ▸ decision
/// (<see cref="DecisionStage"/>) ▸ export (<see cref="IReportExporter"/>). Every result is stored as it arrives, so a rerun
/// resumes, and a cancelled run is summarised from what it stored.
/// </summary>
public sealed class StudyRun
{
    private readonly RunStore _store;
    private readonly IProgressReporter _progress;
    private readonly IArmPreparer _preparers;
    private readonly ArmEvaluator _evaluator;
    private readonly RobustnessStage _robustness;
    private readonly StudySummarizer _summarizer;
    private readonly EconomicsStage _economics;
    private readonly DecisionStage _decision;
    private readonly Func<ModelSpec, IModelContextWindow?>? _windows;

    public StudyRun(RunStore store, Func<ModelSpec, StudyModel> models, IProgressReporter? progress = null, RunnerOptions? options = null,
        ScorerRegistry? scorers = null, DecisionStage? decision = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(models);
        _progress = progress ?? NullProgressReporter.Instance;
        options ??= new RunnerOptions();
        scorers ??= ScorerRegistry.CreateDefault();
        _windows = options.ContextWindows;
        var fineTune = new FineTuneStage(store, options.FineTuning, _progress, spec => models(spec).Client,
            (spec, seconds) => LocalCompute.IsLocal(spec.Provider) ? options.LocalCompute.Cost(seconds) : null, options.ContextWindows,
            new FineTuneForecaster(store, spec => models(spec).Client, scorers, options.Bootstrap, options.Concurrency));
        _preparers = new CompositeArmPreparer(
            new Tunewise.Arms.Baselines.BaselinePreparer(store, options.Baselines),
            new PromptOptimizationPreparer(store, spec => models(spec).Client, scorers, options.Concurrency, _progress), new FineTunePreparer(fineTune));
        _evaluator = new ArmEvaluator(store, models, _progress, options, scorers);
        _robustness = new RobustnessStage(store, spec => models(spec).Client, scorers, _progress);
        _summarizer = new StudySummarizer(store, options, scorers);
        _economics = new EconomicsStage(store, spec => models(spec).Price, options.LocalCompute);
        _decision = decision ?? new DecisionStage();
    }

    /// <summary>The run this input resumes (same study file and frozen test set), or a new one.</summary>
    public Task<RunRecord> OpenAsync(StudyRunInput input, CancellationToken cancellationToken = default) =>
        RunResumption.OpenAsync(_store, input, cancellationToken);

    public async Task<StudyReport> RunAsync(StudyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = await OpenAsync(input, cancellationToken).ConfigureAwait(false);
        var preparation = new ArmPreparation(run.Id, input.Study, input.Split, new TestSetGuard(input.Frozen), StudyScorers.Labels(input.Study, input.Split), input.CleanIds);
        var completed = await _store.GetCompletedAsync(run.Id, includeErrors: false, cancellationToken).ConfigureAwait(false);
        // Every prompt and training sequence is counted against its model's context before the first call.
        var fits = ContextCheck.CheckStudy(input.Study, input.Split, preparation.Guard, preparation.Labels, _windows, input.CleanIds);
        if (fits.Values.Where(f => f.IsError).ToList() is { Count: > 0 } failed)
            throw new UserInputException(string.Join("\n", failed.Select(f => f.NotRunReason)));
        foreach (var fit in fits.Values)
            await _store.SaveAsync(run.Id, ContextCheck.Artifact.For(fit.Arm), fit, cancellationToken).ConfigureAwait(false);
        using var retrievers = new StudyRetrievers(input.Study, StudyRetrievers.IndexRootFor(_store.Path), progress: _progress);
        try
        {
            foreach (var arm in input.Study.Arms)
            {
                // An arm whose prompts cannot fit is reported as not run, with its reason; the others run.
                if (fits.TryGetValue(arm.Name, out var fit) && fit.NotRunReason is not null)
                    continue;
                await foreach (var prepared in _preparers.PrepareAsync(preparation, arm, cancellationToken).ConfigureAwait(false))
                    await _evaluator.EvaluateAsync(preparation, prepared, completed, retrievers, cancellationToken).ConfigureAwait(false);
            }
            await _robustness.RunAsync(preparation, cancellationToken).ConfigureAwait(false);
            await _store.FinishRunAsync(run.Id, RunStatus.Completed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await _store.FinishRunAsync(run.Id, ex is OperationCanceledException ? RunStatus.Cancelled : RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return await ReportAsync(input, run.Id, completedRun: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Summarises, prices and decides on what the store holds for a run. A cancelled run is reported this way too, from the
    /// results it stored, with <paramref name="completedRun"/> false.
    /// </summary>
    public async Task<StudyReport> ReportAsync(StudyRunInput input, string runId, bool completedRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var measured = await _summarizer.SummarizeAsync(input, runId, completedRun, cancellationToken).ConfigureAwait(false);
        var summary = await _economics.PriceAsync(input, measured, cancellationToken).ConfigureAwait(false);
        return new StudyReport(summary, _decision.Decide(input.Study, summary));
    }

    /// <summary>Writes the report and the run's per-example results through <paramref name="exporter"/> (by default every format).</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(StudyReport report, Study study, string directory, IReadOnlyList<MetricGate>? gates = null,
        CompositeReportExporter? exporter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(study);
        var results = await _summarizer.ResultLinesAsync(study, report.Summary.RunId, cancellationToken).ConfigureAwait(false);
        var export = new ReportExport(report, results) { Study = study, Gates = gates };
        return await (exporter ?? ReportExporters.Default).WriteAsync(directory, export, cancellationToken).ConfigureAwait(false);
    }
}
