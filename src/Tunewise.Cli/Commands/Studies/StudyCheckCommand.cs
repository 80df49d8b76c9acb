using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Cli.Commands.Models;
using Tunewise.Data.Preparation;
using Tunewise.Data.Splits;
using Tunewise.Evaluation.Scoring;
using Tunewise.Prompting;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Studies;

/// <summary>
/// <c>tunewise study check STUDY</c>: every error at once with file:line:column (exit 1), or a summary
/// of the study's models and arms (exit 0). A valid study's data is then read and split as a run would, and every arm's
/// prompts and training sequences are counted against its model's context window: an arm over it is reported (arm, model,
/// counts, longest, limit), and one with <c>truncate: error</c> makes the check exit 1. Calls no model.
/// </summary>
public sealed class StudyCheckCommand(IAnsiConsole console) : AsyncCommand<StudyCheckSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StudyCheckSettings settings, CancellationToken cancellationToken)
    {
        var result = StudyLoader.Check(settings.StudyFile, StudyChecks.Context());
        var (fits, notCounted) = result.IsValid ? await ContextFitsAsync(result.Study!, cancellationToken).ConfigureAwait(false) : ([], null);
        var contextFailed = fits.Any(f => f.IsError);
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(ToJson(result, fits, notCounted));
            return result.IsValid && !contextFailed ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }
        foreach (var finding in result.Findings)
        {
            var color = finding.IsError ? "red" : "yellow";
            console.MarkupLineInterpolated($"[{color}]{finding.ToString()}[/]");
        }
        if (!result.IsValid)
        {
            var count = result.Errors.Count();
            console.MarkupLineInterpolated($"[red]{count} {(count == 1 ? "error" : "errors")}[/] in {settings.StudyFile}");
            return ExitCodes.InvalidInput;
        }

        var study = result.Study!;
        console.MarkupLineInterpolated($"[green]ok[/] {settings.StudyFile}: study [bold]{study.Name}[/], {Describe(study.Task.Kind)}, {Count(study.Models.Length, "model")}, {Count(study.Arms.Length, "arm")}");
        console.Write(TaskTable(study));
        console.Write(ModelTable(study));
        console.Write(ArmTable(study));
        if (notCounted is not null)
            console.MarkupLineInterpolated($"[yellow]context: prompts were not counted: {notCounted}[/]");
        foreach (var fit in fits)
        {
            var color = fit.IsError ? "red" : fit.NotRunReason is not null || fit.Exceeds ? "yellow" : "grey";
            console.MarkupLineInterpolated($"[{color}]{fit.Describe()}[/]");
            if (fit.NotRunReason is { } why && !fit.IsError)
                console.MarkupLineInterpolated($"[{color}]  arm '{fit.Arm}' will be {why}[/]");
        }
        if (contextFailed)
        {
            var failed = fits.Where(f => f.IsError).Select(f => f.Arm).ToList();
            console.MarkupLineInterpolated($"[red]{failed.Count} arm(s) exceed their model's context with truncate: error: {string.Join(", ", failed)}[/]");
            return ExitCodes.InvalidInput;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Every arm's prompts and training sequences against its model's context, counted on the study's data as a run splits it.</summary>
    private static async Task<(IReadOnlyList<ArmContextFit> Fits, string? NotCounted)> ContextFitsAsync(Study study, CancellationToken cancellationToken)
    {
        try
        {
            return (await CountAsync(study, cancellationToken).ConfigureAwait(false), null);
        }
        catch (UserInputException ex)
        {
            // The study itself is valid; its data or a model file is what is missing, and the run will say so too.
            return ([], ex.Message);
        }
    }

    private static async Task<IReadOnlyList<ArmContextFit>> CountAsync(Study study, CancellationToken cancellationToken)
    {
        var data = await StudyPreparation.LoadAsync(study, cancellationToken: cancellationToken).ConfigureAwait(false);
        var input = await StudyPreparation.PrepareAsync(study, data, cancellationToken: cancellationToken).ConfigureAwait(false);
        var windows = CliModelProviders.ContextWindows(CliModelProviders.CreateRegistry(), new Tunewise.Models.ModelContext { BaseDirectory = study.BaseDirectory });
        var fits = ContextCheck.CheckStudy(study, input.Split, new TestSetGuard(input.Frozen), StudyScorers.Labels(study, input.Split), windows, input.CleanIds);
        return [.. study.Arms.Where(a => fits.ContainsKey(a.Name)).Select(a => fits[a.Name])];
    }

    private static string ToJson(StudyCheckResult result, IReadOnlyList<ArmContextFit> fits, string? notCounted)
    {
        var findings = new JsonArray();
        foreach (var finding in result.Findings)
        {
            findings.Add((JsonNode)new JsonObject
            {
                ["file"] = finding.File,
                ["line"] = finding.Line,
                ["column"] = finding.Column,
                ["severity"] = finding.IsError ? "error" : "warning",
                ["message"] = finding.Message,
            });
        }
        var json = new JsonObject
        {
            ["valid"] = result.IsValid,
            ["study"] = result.Study?.Name,
            ["models"] = new JsonArray([.. (result.Study?.Models ?? []).Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["provider"] = m.Provider, ["model"] = m.Model })]),
            ["arms"] = new JsonArray([.. (result.Study?.Arms ?? []).Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["model"] = a.Model, ["kind"] = Describe(a.Kind) })]),
            ["findings"] = findings,
            ["context_not_counted"] = notCounted,
            ["context"] = new JsonArray([.. fits.Select(f => (JsonNode)new JsonObject
            {
                ["arm"] = f.Arm,
                ["model"] = f.Model,
                ["context_tokens"] = f.PromptLimit,
                ["source"] = f.Source,
                ["policy"] = f.Policy,
                ["prompts"] = f.Prompts,
                ["longest_prompt"] = f.LongestPrompt,
                ["over_limit"] = f.OverLimit,
                ["demonstrations_dropped"] = f.DemonstrationsDropped,
                ["inputs_cut"] = f.InputsCut,
                ["unfit"] = f.Unfit,
                ["training_sequences"] = f.TrainingSequences,
                ["longest_training_sequence"] = f.LongestTrainingSequence,
                ["training_over_limit"] = f.TrainingOverLimit,
                ["training_unfit"] = f.TrainingUnfit,
                ["tokens_per_training_example"] = f.TokensPerTrainingExample,
                ["not_run_reason"] = f.NotRunReason,
                ["error"] = f.IsError,
                ["message"] = f.Describe(),
            })]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static Table TaskTable(Study study)
    {
        var task = study.Task;
        var table = new Table().Title("Task").AddColumns("Key", "Value");
        void Row(string key, string? value)
        {
            if (value is not null)
            {
                table.AddRow(Markup.Escape(key), Markup.Escape(value));
            }
        }
        Row("data", Relative(study, task.Data));
        Row("train", Relative(study, task.Train));
        Row("dev", Relative(study, task.Dev));
        Row("test", Relative(study, task.Test));
        if (task.Data is not null)
        {
            Row("split", string.Create(CultureInfo.InvariantCulture, $"dev {task.Split.Dev}, test {task.Split.Test}, seed {task.Split.Seed}{(task.Split.Stratify ? ", stratified" : "")}"));
        }
        Row("input", task.Input.IsEmpty ? "(every field except expected)" : string.Join(", ", task.Input));
        Row("expected", task.Expected);
        Row("documents", Relative(study, task.Documents));
        Row("metrics", string.Join(", ", study.Metrics.Select(m => m.Name)));
        Row("requirement", study.Requirement is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r.Metric} ≥ {r.Target} (95% CI lower bound)") : null);
        Row("volume", study.Volume is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.QueriesPerMonth:N0} queries/month") : null);
        Row("budget", study.Budget is { } b ? string.Create(CultureInfo.InvariantCulture, $"${b.Usd}") : null);
        return table;
    }

    /// <summary>A model's limits as the table shows them, e.g. "500 requests/min, 4 in flight, timeout ≥ 250 ms".</summary>
    internal static string Describe(ModelLimits? limits)
    {
        if (limits is null)
            return "";
        var parts = new List<string>();
        if (limits.RequestsPerMinute is { } rpm) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rpm:#,0.##} requests/min"));
        if (limits.TokensPerMinute is { } tpm) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tpm:#,0.##} tokens/min"));
        if (limits.Concurrency is { } slots) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{slots} in flight"));
        if (limits.TimeoutFloor is { } floor) parts.Add(string.Create(CultureInfo.InvariantCulture, $"timeout ≥ {floor.TotalMilliseconds:#,0} ms"));
        return string.Join(", ", parts);
    }

    private static Table ModelTable(Study study)
    {
        var table = new Table().Title("Models").AddColumns("Name", "Provider", "Model", "Base URL", "Price $/Mtok (in / out)");
        var limits = study.Models.Any(m => m.Limits is not null);
        if (limits)
            table.AddColumn("Limits");
        foreach (var model in study.Models)
        {
            var price = model.Price is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.InputPerMTok} / {p.OutputPerMTok}") : "catalog";
            string[] cells = [model.Name, model.Provider, model.Model, model.BaseUrl ?? "", price];
            table.AddRow([.. (limits ? cells.Append(Describe(model.Limits)) : cells).Select(Markup.Escape)]);
        }
        return table;
    }

    private static Table ArmTable(Study study)
    {
        var table = new Table().Title("Arms").AddColumns("Name", "Model", "Kind", "Details");
        foreach (var arm in study.Arms)
        {
            table.AddRow(Markup.Escape(arm.Name), Markup.Escape(arm.Model), Describe(arm.Kind), Markup.Escape(Details(arm)));
        }
        return table;
    }

    private static string Details(ArmSpec arm)
    {
        var parts = new List<string>();
        var prompt = arm.Prompt;
        parts.Add(prompt.Template is null ? "default template" : "custom template");
        if (prompt.FewShot > 0)
        {
            parts.Add($"{prompt.FewShot}-shot {Describe(prompt.Select)}{(prompt.Order == DemonstrationOrder.Shuffled ? ", shuffled" : "")}");
        }
        if (prompt.ChainOfThought)
        {
            parts.Add("chain of thought");
        }
        if (prompt.ResponseFormat != ResponseFormat.Text)
        {
            parts.Add(prompt.ResponseFormat == ResponseFormat.Json ? "json" : "json schema");
        }
        if (arm.Retrieval is { } retrieval)
        {
            parts.Add($"top {retrieval.TopK} of {retrieval.ChunkSize}-char chunks");
        }
        if (arm.FineTune is { } tune)
        {
            parts.Add(tune.Method == FineTuneMethod.Full
                ? $"full, {tune.Epochs} epochs"
                : string.Create(CultureInfo.InvariantCulture, $"{Describe(tune.Method)} r={tune.Rank} α={tune.Alpha}, {tune.Epochs} epochs"));
            if (tune.Teacher is not null)
            {
                parts.Add($"teacher {tune.Teacher}");
            }
        }
        if (arm.Repeat > 1)
        {
            parts.Add($"×{arm.Repeat}");
        }
        if (arm.Temperature != ArmSpec.DefaultTemperature)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"T={arm.Temperature}"));
        }
        return string.Join("; ", parts);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string? Relative(Study study, string? path) => path is null ? null : Path.GetRelativePath(study.BaseDirectory, path);

    private static string Describe<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant() switch
    {
        "finetuning" => "fine-tuning",
        var text => text,
    };
}
