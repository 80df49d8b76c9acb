using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Cli.Commands.Run;
using Tunewise.Data;
using Tunewise.Evaluation.Running;
using Tunewise.Reports;
using Tunewise.Results;
using Tunewise.Storage;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// The built-in path on real data: CLINC150 intents through zero-shot, nearest 8-shot, LoRA on tw-base, full fine-tuning
/// of tw-small and a logistic baseline, every arm with its defaults, run as an ordinary study. Prints each arm's accuracy
/// with its CI and wall time, the whole study's time against its target, and whether the best fine-tuned arm reaches
/// its bar. <c>--quick</c> is a smoke run of a few intents.
/// </summary>
public sealed class ClincBenchCommand(IAnsiConsole console) : AsyncCommand<ClincBenchSettings>
{
    /// <summary>The time the whole study should finish in on a 2-core machine.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromMinutes(40);

    /// <summary>The accuracy the best fine-tuned arm should reach.</summary>
    public const double FineTunedBar = 0.70;

    private const int QuickLabels = 6;
    private const int QuickTrainPerLabel = 6;
    private const int QuickTestPerLabel = 2;

    public override async Task<int> ExecuteAsync(CommandContext context, ClincBenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(settings.Out);
        Directory.CreateDirectory(folder);
        var mapping = new DataLoadOptions { Mapping = new DataMapping { InputFields = ["text"], ExpectedField = "label" } };
        var train = (await DataLoader.LoadAsync(Path.Combine(settings.Data, "train.csv"), mapping, cancellationToken).ConfigureAwait(false)).Examples;
        var test = (await DataLoader.LoadAsync(Path.Combine(settings.Data, "test.csv"), mapping, cancellationToken).ConfigureAwait(false)).Examples;
        if (settings.Quick)
        {
            var labels = train.Select(e => e["label"]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(QuickLabels).ToHashSet(StringComparer.Ordinal);
            train = PerLabel(train.Where(e => labels.Contains(e["label"])).ToList(), QuickTrainPerLabel);
            test = PerLabel(test.Where(e => labels.Contains(e["label"])).ToList(), QuickTestPerLabel);
        }
        else if (settings.TestPerLabel > 0)
            test = PerLabel(test, settings.TestPerLabel);
        WriteJsonl(Path.Combine(folder, "train.jsonl"), train);
        WriteJsonl(Path.Combine(folder, "test.jsonl"), test);
        var studyFile = Path.Combine(folder, "study.yaml");
        File.WriteAllText(studyFile, Study(settings), new UTF8Encoding(false));
        var store = Path.Combine(folder, "runs.db");
        var reports = Path.Combine(folder, "report");
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"CLINC150{(settings.Quick ? " (quick)" : "")}: {train.Count} training and {test.Count} test examples, {train.Select(e => e["label"]).Distinct().Count()} intents; study in {studyFile}.");

        var clock = Stopwatch.StartNew();
        var exit = await new RunCommand(console).RunStudyAsync(studyFile, reports, store, new RunSettings(), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        if (exit != ExitCodes.Ok)
            return exit;
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reports, "report.json"), cancellationToken).ConfigureAwait(false));
        var seconds = await ArmSecondsAsync(store, report.RootElement, cancellationToken).ConfigureAwait(false);
        Print(report.RootElement, seconds, clock.Elapsed);
        return ExitCodes.Ok;
    }

    private void Print(JsonElement report, IReadOnlyDictionary<string, double> seconds, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Minimal);
        foreach (var column in new[] { "arm", "model", "status", "accuracy (95% CI)", "wall s" })
            table.AddColumn(new TableColumn(column).NoWrap());
        (string Name, double Value, double Low, double High)? best = null;
        foreach (var arm in report.GetProperty("arms").EnumerateArray())
        {
            var name = arm.GetProperty("name").GetString()!;
            var status = arm.GetProperty("status").GetString()!;
            var accuracy = arm.GetProperty("metrics").TryGetProperty("accuracy", out var a) && a.GetProperty("value").ValueKind == JsonValueKind.Number ? a : (JsonElement?)null;
            var text = accuracy is { } m
                ? string.Create(CultureInfo.InvariantCulture, $"{m.GetProperty("value").GetDouble():0.000} [{m.GetProperty("ci_low").GetDouble():0.000}, {m.GetProperty("ci_high").GetDouble():0.000}] n={m.GetProperty("n").GetInt32()}")
                : "–";
            if (accuracy is { } f && arm.GetProperty("kind").GetString() == "finetune" && (best is null || f.GetProperty("value").GetDouble() > best.Value.Value))
                best = (name, f.GetProperty("value").GetDouble(), f.GetProperty("ci_low").GetDouble(), f.GetProperty("ci_high").GetDouble());
            var reason = arm.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : status;
            table.AddRow(Markup.Escape(name), Markup.Escape(arm.GetProperty("model").GetString() ?? ""), Markup.Escape(reason), Markup.Escape(text),
                seconds.TryGetValue(name, out var s) ? s.ToString("0.0", CultureInfo.InvariantCulture) : "–");
        }
        console.Write(table);
        var within = elapsed <= Target;
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Whole study: {elapsed.TotalMinutes:0.0} min against the {Target.TotalMinutes:0}-minute target: [{(within ? "green" : "red")}]{(within ? "within" : "over")}[/]."));
        if (best is { } b)
        {
            var figure = string.Create(CultureInfo.InvariantCulture, $"{b.Value:0.000} [{b.Low:0.000}, {b.High:0.000}]");
            var reaches = b.Value >= FineTunedBar;
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Best fine-tuned arm: {Markup.Escape(b.Name)}, accuracy {Markup.Escape(figure)}: [{(reaches ? "green" : "red")}]{(reaches ? "reaches" : "does not reach")}[/] {FineTunedBar:0.00}."));
        }
        else
            console.MarkupLine($"No fine-tuned arm was measured, so none reaches {FineTunedBar.ToString("0.00", CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Each arm's wall time: its calls (summed over resumed sessions), its training and forecast, or its classifier's training.</summary>
    private static async Task<Dictionary<string, double>> ArmSecondsAsync(string storePath, JsonElement report, CancellationToken cancellationToken)
    {
        var runId = report.GetProperty("run_id").GetString()!;
        await using var store = await RunStore.OpenAsync(storePath, cancellationToken).ConfigureAwait(false);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var arm in report.GetProperty("arms").EnumerateArray())
        {
            var name = arm.GetProperty("name").GetString()!;
            var total = (await store.LoadAsync(runId, ArmCompute.Artifact.For(name), cancellationToken).ConfigureAwait(false))?.Seconds ?? 0;
            if (arm.TryGetProperty("fine_tune", out var tune) && tune.ValueKind == JsonValueKind.Object)
                total += tune.GetProperty("training_seconds").GetDouble();
            if (arm.TryGetProperty("forecast", out var forecast) && forecast.ValueKind == JsonValueKind.Object)
                total += forecast.GetProperty("training_seconds").GetDouble();
            if (arm.TryGetProperty("baseline", out var baseline) && baseline.ValueKind == JsonValueKind.Object)
                total += baseline.GetProperty("training_seconds").GetDouble();
            seconds[name] = total;
        }
        return seconds;
    }

    /// <summary>The study of the benchmark: every arm with its defaults (in a quick run, training capped at a few steps).</summary>
    internal static string Study(ClincBenchSettings settings)
    {
        var cap = settings.Quick ? ", epochs: 1, max_steps: 2" : "";
        return $$"""
            # Written by tunewise bench clinc.
            name: clinc150-bench
            task: { kind: classification, train: train.jsonl, test: test.jsonl, input: text, expected: label }
            requirement: { metric: accuracy, target: {{FineTunedBar.ToString("0.00", CultureInfo.InvariantCulture)}} }
            models:
              base: {{settings.BaseModel}}
              small: {{settings.SmallModel}}
            arms:
              - { name: zero-shot, model: base }
              - { name: nearest-8-shot, model: base, prompt: { few_shot: 8, select: nearest } }
              - { name: lora-base, model: base, finetune: { method: lora{{cap}} } }
              - { name: full-small, model: small, finetune: { method: full{{cap}} } }
              - { name: logistic, baseline: logistic }
            metrics: [accuracy, macro_f1]
            """;
    }

    /// <summary>A seeded stratified subset: up to <paramref name="count"/> examples of each label, in id order, shuffled per label.</summary>
    private static List<Example> PerLabel(IReadOnlyList<Example> examples, int count) =>
        [.. examples.GroupBy(e => e["label"], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(e => e.Id, StringComparer.Ordinal).OrderBy(e => StableHash(e.Id)).Take(count))];

    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
            hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    private static void WriteJsonl(string path, IReadOnlyList<Example> examples)
    {
        var text = new StringBuilder();
        foreach (var e in examples)
            text.Append(JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = e.Id, ["text"] = e["text"], ["label"] = e["label"] }, Tunewise.Cli.Serialization.CliJsonContext.Default.DictionaryStringString)).Append('\n');
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }
}
