using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Cli.Commands.Models;
using Tunewise.Cli.Commands.Reports;
using Tunewise.Cli.Commands.Studies;
using Tunewise.Evaluation.Running;
using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Running;
using Tunewise.Lab.Training;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Studies.Validation;
using Tunewise.Data.Preparation;

namespace Tunewise.Cli.Commands.Run;

/// <summary>
/// <c>tunewise run [STUDY]</c>: validate, load, curate, split, freeze the test set, run the prompting and retrieval arms, decide
/// and write the contract outputs. Exit 0 when the run completes; <c>--fail-under</c> gates exit 1.
/// </summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunSettings>
{
    public const string ReportFolder = "tunewise-report";

    private static readonly HttpClient FineTuneHttp = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// External trainers (arms with backend: command; <c>{base}</c> of a lab model is its checkpoint directory), the lab
    /// engine (created only when a study fine-tunes a lab: model) and the OpenAI fine-tuning API.
    /// </summary>
    private static Tunewise.FineTuning.Running.IFineTuneBackend FineTuneBackends(string studyDirectory) =>
        new Tunewise.FineTuning.Running.FineTuneBackends(
            new Tunewise.FineTuning.Running.CommandFineTuneBackend(model =>
                model.Provider == ModelProviders.Lab ? Tunewise.Lab.Chat.LabModels.ResolveDirectory(model.Model, studyDirectory) : model.Model),
            new Tunewise.FineTuning.Running.DeferredFineTuneBackend("lab", model => model.Provider == "lab", () => new LabFineTuneBackend(studyDirectory)),
            new Tunewise.FineTuning.Running.OpenAIFineTuneBackend(FineTuneHttp));

    public override Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken) =>
        RunAsync(settings, cancellationToken);

    internal async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.UsesDefaultStudy)
            return await RunStudyAsync(Path.GetFullPath(settings.StudyFile), settings.Out, settings.Store, settings, cancellationToken).ConfigureAwait(false);

        var folder = Path.GetFullPath(settings.Out ?? DefaultStudy.Folder);
        console.MarkupLineInterpolated($"No STUDY given: running the built-in default study on lab:tw-base and lab:tw-small (offline) in {folder}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var studies = DefaultStudy.Prepare(folder, cancellationToken);
        // The store sits beside the task files in the default study's home (not under --out), so a rerun with any
        // --out, from any folder, is served from it.
        var store = settings.Store ?? RunStore.DefaultPathFor(studies[0].File);
        var exit = ExitCodes.Ok;
        foreach (var (name, file) in studies)
        {
            console.Write(new Rule($"[bold]{name}[/]").LeftJustified());
            var code = await RunStudyAsync(file, Path.Combine(folder, name), store, settings, cancellationToken).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
                exit = code;
            if (code == ExitCodes.InternalError)
                break;
        }
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Default study finished in {clock.Elapsed.TotalMinutes:0.0} min; reports in {folder}/behaviour and {folder}/knowledge (report.html).");
        return exit;
    }

    internal async Task<int> RunStudyAsync(string studyFile, string? outOption, string? storeOption, RunSettings settings, CancellationToken cancellationToken)
    {
        var first = StudyLoader.Check(studyFile, StudyChecks.Context());
        if (!Report(first, studyFile))
            return ExitCodes.InvalidInput;
        // The data is read once: validation checks templates against its fields, then preparation splits it.
        var data = await StudyPreparation.LoadAsync(first.Study!, settings.SkipInvalid, cancellationToken).ConfigureAwait(false);
        var checkedStudy = StudyLoader.Check(studyFile, StudyChecks.Context(StudyPreparation.FieldNames(first.Study!, data)));
        // The second check repeats the first one's findings (warnings, since the first passed): show only what it adds.
        var shown = first.Findings.Select(f => f.ToString()).ToHashSet(StringComparer.Ordinal);
        if (!Report(checkedStudy, studyFile, shown))
            return ExitCodes.InvalidInput;
        var study = checkedStudy.Study!;

        var input = await StudyPreparation.PrepareAsync(study, data, null, cancellationToken).ConfigureAwait(false);
        console.MarkupLineInterpolated($"Study [bold]{study.Name}[/]: {input.Split.Train.Count} train, {input.Split.Dev.Count} dev, {input.Split.Test.Count} test (frozen, hash {input.Frozen.Hash[..12]}).");

        var storePath = Path.GetFullPath(storeOption ?? RunStore.DefaultPathFor(studyFile));
        Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
        var outDir = Path.GetFullPath(outOption ?? Path.Combine(Path.GetDirectoryName(studyFile)!, ReportFolder));
        var cache = new SqliteResponseCache(Path.Combine(Path.GetDirectoryName(storePath)!, "responses.db"));
        var models = new StudyModels(CliModelProviders.CreateRegistry(), new ModelContext { BaseDirectory = study.BaseDirectory }, cache, new SpendTracker(study.Budget?.Usd));

        await using var store = await RunStore.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
#if NATIVE_BUILD
        Tunewise.Arms.Baselines.IBaselineTrainer baselines = new Tunewise.Arms.Baselines.UnavailableBaselineTrainer(Tunewise.Arms.Baselines.UnavailableBaselineTrainer.NativeBuildReason);
#else
        Tunewise.Arms.Baselines.IBaselineTrainer baselines = new Tunewise.Baselines.MlNetBaselineTrainer();
#endif
        if (!BaselinesAvailable(study, baselines))
            return ExitCodes.InvalidInput;
        var options = new RunnerOptions
        {
            Concurrency = settings.Concurrency,
            FineTuning = FineTuneBackends(study.BaseDirectory),
            Baselines = baselines,
            ContextWindows = CliModelProviders.ContextWindows(CliModelProviders.CreateRegistry(), new ModelContext { BaseDirectory = study.BaseDirectory }),
        };
        // The same count as study check, shown before anything runs: which arms exceed their model's context, and what happens to them.
        var fits = Tunewise.Prompting.ContextCheck.CheckStudy(study, input.Split, new Tunewise.Data.Splits.TestSetGuard(input.Frozen),
            Tunewise.Evaluation.Scoring.StudyScorers.Labels(study, input.Split), options.ContextWindows, input.CleanIds);
        foreach (var fit in fits.Values.Where(f => f.Exceeds || f.NotRunReason is not null))
            console.MarkupLineInterpolated($"[{(fit.IsError ? "red" : "yellow")}]{fit.Describe()}{(fit.NotRunReason is { } why && !fit.IsError ? $" → {why}" : "")}[/]");
        if (fits.Values.Where(f => f.IsError).ToList() is { Count: > 0 } failed)
        {
            console.MarkupLineInterpolated($"[red]{failed.Count} arm(s) exceed their model's context with truncate: error ({string.Join(", ", failed.Select(f => f.Arm))}); nothing was run.[/]");
            return ExitCodes.InvalidInput;
        }
        StudyRun? run = null;
        string? runId = null;
        StudyReport report;
        var cancelled = false;
        try
        {
            report = await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    run = new StudyRun(store, models.Get, new SpectreProgressReporter(ctx, console), options);
                    runId = (await run.OpenAsync(input, cancellationToken).ConfigureAwait(false)).Id;
                    return await run.RunAsync(input, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run is not null && runId is not null)
        {
            // The same run's summary, decision and exporters as a finished run, over what the store holds so far.
            cancelled = true;
            report = await run.ReportAsync(input, runId, completedRun: false, CancellationToken.None).ConfigureAwait(false);
        }

        await run!.ExportAsync(report, study, outDir, settings.Gates, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        console.Write(SummaryTable(report));
        foreach (var comparison in report.Summary.Comparisons)
            console.MarkupLineInterpolated($"  {comparison.Summary}");
        if (report.Summary.ComparisonNote is { } note)
            console.MarkupLineInterpolated($"  [grey]{note}[/]");
        console.MarkupLineInterpolated($"Reports: {Path.Combine(outDir, JsonReportExporter.FileName)}, {JsonlResultsExporter.FileName}, {MarkdownReportExporter.FileName}, {HtmlReportExporter.FileName}, {JUnitReportExporter.FileName}");
        console.MarkupLineInterpolated($"Run store: {storePath} (run {report.Summary.RunId})");
        if (report.Decision.Result is { } decision)
            console.MarkupLineInterpolated($"[bold]Recommendation[/] ({decision.Confidence.ToString().ToLowerInvariant()} confidence): {decision.Recommendation.Summary}");
        else
            console.MarkupLineInterpolated($"[grey]Decision: not computed ({report.Decision.Reason}).[/]");
        if (cancelled)
        {
            console.MarkupLine("[yellow]cancelled: the results so far are stored; run the same command again to resume.[/]");
            return ExitCodes.InternalError;
        }
        return Gate(report, settings);
    }

    /// <summary>Refuses, before any arm runs, a baseline arm this build cannot train (the native build has no JIT for ML.NET).</summary>
    private bool BaselinesAvailable(Study study, Tunewise.Arms.Baselines.IBaselineTrainer trainer)
    {
        if (trainer.UnavailableReason is not { } reason)
            return true;
        var refused = study.Arms.Select((arm, i) => (arm, i)).Where(p => p.arm.Baseline is not null).ToList();
        foreach (var (arm, i) in refused)
            console.MarkupLineInterpolated($"[red]{study.Source.Locate($"arms[{i}].baseline")}: arm '{arm.Name}' baseline: {reason}; nothing was run.[/]");
        return refused.Count == 0;
    }

    private int Gate(StudyReport report, RunSettings settings) =>
        GateCheck.Apply(report, settings.Gates, message => console.MarkupLineInterpolated($"[red]{message}[/]"));

    private bool Report(StudyCheckResult result, string file, IReadOnlySet<string>? alreadyShown = null)
    {
        foreach (var finding in result.Findings.Where(f => alreadyShown?.Contains(f.ToString()) != true))
            console.MarkupLineInterpolated($"[{(finding.IsError ? "red" : "yellow")}]{finding.ToString()}[/]");
        if (result.IsValid)
            return true;
        console.MarkupLineInterpolated($"[red]{result.Errors.Count()} error(s)[/] in {file}; nothing was run.");
        return false;
    }

    private static Table SummaryTable(StudyReport report)
    {
        var metrics = report.Summary.Arms.SelectMany(a => a.Metrics.Keys).Distinct().ToList();
        var table = new Table().AddColumn("arm").AddColumn("model").AddColumn("status");
        foreach (var metric in metrics)
            table.AddColumn($"{metric} (95% CI)");
        table.AddColumn("errors").AddColumn("tokens in/out").AddColumn("cost $").AddColumn("p50/p95 ms");
        foreach (var arm in report.Summary.Arms)
        {
            var cells = new List<string> { arm.Name, arm.Model, arm.Reason ?? arm.Status };
            cells.AddRange(metrics.Select(m => arm.Metrics.TryGetValue(m, out var v) ? ReportText.Metric(v) : ""));
            cells.Add(arm.Errors.ToString(CultureInfo.InvariantCulture));
            cells.Add($"{arm.InputTokens}/{arm.OutputTokens}");
            cells.Add(arm.Cost is { } c ? c.ToString("0.######", CultureInfo.InvariantCulture) : "unknown");
            cells.Add(arm.LatencyP50Ms is { } p50 ? $"{p50:0}/{arm.LatencyP95Ms:0}" : "–");
            table.AddRow(cells.Select(c => new Text(c)).ToArray());
        }
        return table;
    }
}
