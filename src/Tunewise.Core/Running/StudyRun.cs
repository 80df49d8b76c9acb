using Tunewise.Decision;
using Tunewise.Evaluation.Running;
using Tunewise.Evaluation.Scoring;
using Tunewise.Evaluation.Summary;
using Tunewise.Models;
using Tunewise.Progress;
using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Running;

/// <summary>
/// One study, run end to end: the arms are prepared and evaluated (results stored as they arrive), then the stored
/// results are summarised, the decision is taken on the summary, and the exporters write it. It only sequences those stages; each lives in its
/// concept's folder and hands the next a typed, immutable record.
/// </summary>
public sealed class StudyRun
{
    private readonly EvaluationRunner _arms;
    private readonly StudySummarizer _summarizer;
    private readonly DecisionStage _decision;

    public StudyRun(RunStore store, Func<ModelSpec, StudyModel> models, IProgressReporter? progress = null, RunnerOptions? options = null,
        ScorerRegistry? scorers = null, DecisionStage? decision = null)
    {
        _arms = new EvaluationRunner(store, models, progress, options, scorers);
        _summarizer = new StudySummarizer(store, models, options, scorers);
        _decision = decision ?? new DecisionStage();
    }

    /// <summary>The run this input resumes (same study file and frozen test set), or a new one, with the test set stored.</summary>
    public Task<RunRecord> OpenAsync(StudyRunInput input, CancellationToken cancellationToken = default) => _arms.OpenRunAsync(input, cancellationToken);

    public async Task<StudyReport> RunAsync(StudyRunInput input, CancellationToken cancellationToken = default)
    {
        var runId = await _arms.RunAsync(input, cancellationToken).ConfigureAwait(false);
        return await ReportAsync(input, runId, completedRun: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Summarises and decides on what the store holds for a run. A cancelled run is reported this way too, from the
    /// results it stored, with <paramref name="completedRun"/> false.
    /// </summary>
    public async Task<StudyReport> ReportAsync(StudyRunInput input, string runId, bool completedRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var summary = await _summarizer.SummarizeAsync(input, runId, completedRun, cancellationToken).ConfigureAwait(false);
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
