using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tunewise.Lab.Checkpoints;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary>
/// The reports of one study that uses every stage of the pipeline (curation, zero-shot, chain-of-thought, nearest
/// few-shot, optimized few-shot, retrieval, oracle, robustness, a LoRA arm with a learning curve and forgetting, the
/// requirement, volume and the decision) match the golden files in <c>Golden/</c>: <c>report.json</c>,
/// <c>report.md</c> and <c>results.jsonl</c>, apart from timings and the run's own id and paths. A change to the
/// pipeline that changes what a user reads fails here; when a change of output is intended, set
/// <c>TUNEWISE_UPDATE_GOLDEN=1</c>, rerun this test, and review the diff of the golden files.
/// </summary>
public sealed partial class GoldenReportTests
{
    private const string UpdateVariable = "TUNEWISE_UPDATE_GOLDEN";

    [Fact]
    public async Task A_study_through_every_stage_writes_the_golden_reports()
    {
        // The lab's thread count otherwise follows the cores free at the moment; a different split of a reduction can move a
        // training loss in its fifth digit on a busy machine.
        using var pin = Tunewise.Lab.Runtime.TorchRuntime.PinThreads(1);
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        WriteInputs(dir, server.ApiBase);

        var (exitCode, output) = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"), "--concurrency", "1");
        Assert.True(exitCode == ExitCodes.Ok, $"exit {exitCode}\n{output}");

        var actual = new Dictionary<string, string>
        {
            ["report.json"] = NormalizedJson(dir, File.ReadAllText(dir.File("out/report.json"))),
            ["report.md"] = NormalizedMarkdown(dir, File.ReadAllText(dir.File("out/report.md"))),
            ["results.jsonl"] = string.Join('\n', File.ReadLines(dir.File("out/results.jsonl")).Select(l => NormalizedJson(dir, l, indented: false))) + "\n",
        };
        var folder = Path.Combine(Repository.Root, "tests", "Tunewise.Cli.Tests", "Run", "Golden");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in actual)
                File.WriteAllText(Path.Combine(folder, name), text);
            return;
        }
        foreach (var (name, text) in actual)
        {
            var golden = File.ReadAllText(Path.Combine(folder, name)).ReplaceLineEndings("\n");
            Assert.True(golden == text, $"{name} differs from Golden/{name} (first difference at line {FirstDifference(golden, text)}).\n" +
                $"If the change is intended, rerun with {UpdateVariable}=1 and review the diff.\n--- actual ---\n{text}");
        }
    }

    private static void WriteInputs(TempDirectory dir, string apiBase)
    {
        RandomCheckpoint.Write(dir.File("tiny-lab"), layers: 1, hiddenSize: 32, seed: 5);
        string[] words = ["apple", "river", "stone", "cloud", "green", "table", "music", "paper", "light", "horse", "winter", "garden"];
        string[] labels = ["fruit", "water", "rock", "sky"];
        var train = new StringBuilder();
        for (var i = 0; i < 24; i++)
            train.Append($$"""{"id": "tr{{i}}", "text": "{{words[i % 12]}} {{words[(i * 5 + 3) % 12]}} note {{i}}", "label": "{{labels[i % 4]}}", "gold_doc": "{{words[i % 12]}}.txt"}""").Append('\n');
        // The server's answers to a third of the test prompts are labels too, so they are in the label set and HTTP arms score above zero.
        for (var i = 0; i < 16; i += 3)
            train.Append($$"""{"id": "tra{{i}}", "text": "echo {{i}}", "label": "{{FaultyOpenAIServer.AnswerFor(TestText(words, i))}}", "gold_doc": "{{words[(i * 7) % 12]}}.txt"}""").Append('\n');
        // One exact duplicate, so curation has something to report.
        train.Append("""{"id": "tr-dup", "text": "apple stone note 0", "label": "fruit", "gold_doc": "apple.txt"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        var dev = new StringBuilder();
        for (var i = 0; i < 8; i++)
            dev.Append($$"""{"id": "dv{{i}}", "text": "{{words[(i * 3) % 12]}} dev {{i}}", "label": "{{labels[(i * 3) % 4]}}", "gold_doc": "{{words[(i * 3) % 12]}}.txt"}""").Append('\n');
        File.WriteAllText(dir.File("dev.jsonl"), dev.ToString());
        Directory.CreateDirectory(dir.File("docs"));
        for (var i = 0; i < 12; i++)
            File.WriteAllText(dir.File($"docs/{words[i]}.txt"), $"The word {words[i]} belongs with {labels[i % 4]}, beside {words[(i + 1) % 12]}.");
        var test = new StringBuilder();
        for (var i = 0; i < 16; i++)
        {
            var text = TestText(words, i);
            var label = i % 3 == 0 ? FaultyOpenAIServer.AnswerFor(text) : labels[(i * 7) % 4];
            test.Append($$"""{"id": "te{{i}}", "text": "{{text}}", "label": "{{label}}", "gold_doc": "{{words[(i * 7) % 12]}}.txt"}""").Append('\n');
        }
        File.WriteAllText(dir.File("test.jsonl"), test.ToString());
        const string field = "{{text}}";
        File.WriteAllText(dir.File("study.yaml"), $$"""
            name: golden-every-stage
            task: { kind: classification, train: train.jsonl, dev: dev.jsonl, test: test.jsonl, documents: docs, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.6 }
            volume: { queries_per_month: 100000 }
            models:
              http: { provider: openai-compatible, base_url: {{apiBase}}, model: m, price: { input_per_mtok: 1, output_per_mtok: 2 } }
              lab: { provider: lab, model: {{dir.File("tiny-lab")}}, price: { input_per_mtok: 0.1, output_per_mtok: 0.2 } }
            arms:
              - { name: zero-shot, model: http, prompt: { template: "{{field}}" } }
              - { name: cot, model: http, prompt: { template: "{{field}}", chain_of_thought: true } }
              - { name: few-shot-nearest, model: http, prompt: { few_shot: 3, select: nearest } }
              - { name: optimized, model: http, prompt: { few_shot: 2, optimize: { candidates: 2, first_rung_examples: 4 } } }
              - { name: rag, model: http, retrieval: { top_k: 2 } }
              - { name: oracle, model: http, retrieval: { oracle: true } }
              - { name: lab-prompt, model: lab, max_tokens: 3 }
              - { name: lab-lora, model: lab, max_tokens: 3, finetune: { method: lora, rank: 4, epochs: 1, learning_curve: [0.5] } }
            robustness: { variants: 2, max_calls: 40, seed: 3 }
            metrics: [accuracy, macro_f1]
            """);
    }

    private static string TestText(string[] words, int i) => $"say {words[(i * 7) % 12]} {i + 50}";

    /// <summary>JSON with the fields that measure time removed, and the run's id and folder written as placeholders.</summary>
    private static string NormalizedJson(TempDirectory dir, string text, bool indented = true)
    {
        text = OneOffPattern().Replace(text, "$$X one-off ($$X a month over ${months} months)");
        var node = JsonNode.Parse(Placeholders(dir, text))!;
        if (node["run_id"]?.GetValue<string>() is { } runId)
            node = JsonNode.Parse(Placeholders(dir, text).Replace(runId, "RUN", StringComparison.Ordinal))!;
        Strip(node);
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = indented }).ReplaceLineEndings("\n") + (indented ? "\n" : "");
    }

    private static string Placeholders(TempDirectory dir, string text) =>
        text.Replace(dir.Path, "FOLDER", StringComparison.Ordinal).Replace(dir.Path.Replace("/", "\\/", StringComparison.Ordinal), "FOLDER", StringComparison.Ordinal);

    /// <summary>Markdown with timings, the run id and the folder written as placeholders.</summary>
    private static string NormalizedMarkdown(TempDirectory dir, string text)
    {
        text = Placeholders(dir, text).ReplaceLineEndings("\n");
        text = RunIdPattern().Replace(text, "RUN");
        text = OneOffPattern().Replace(text, "$$X one-off ($$X a month over ${months} months)");
        text = LatencyCellPattern().Replace(text, "| N / N |");
        text = MillisecondsPattern().Replace(text, "N ms");
        text = SecondsPattern().Replace(text, "N s");
        text = TimestampPattern().Replace(text, "TIME");
        return text;
    }

    [GeneratedRegex(@"\b\d{8}T\d{6}Z?-[0-9a-f]+\b|\brun-[0-9a-f]{6,}\b")]
    private static partial Regex RunIdPattern();

    /// <summary>A one-off training cost: local training is priced from its measured time.</summary>
    [GeneratedRegex(@"\$[\d.,]+ one-off \(\$[\d.,]+ a month over (?<months>\d+) months\)")]
    private static partial Regex OneOffPattern();

    /// <summary>The last cell of a row of the arms table: p50 / p95 latency.</summary>
    [GeneratedRegex(@"\| [\d.,]+ / [\d.,]+ \|$", RegexOptions.Multiline)]
    private static partial Regex LatencyCellPattern();

    [GeneratedRegex(@"\b\d[\d,]*(\.\d+)? ?ms\b")]
    private static partial Regex MillisecondsPattern();

    [GeneratedRegex(@"\b\d[\d,]*(\.\d+)? ?s\b(?! per)")]
    private static partial Regex SecondsPattern();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?")]
    private static partial Regex TimestampPattern();

    /// <summary>The fields two runs may differ in, and here also the run's own times and what is priced from its one-off cost.</summary>
    private static readonly HashSet<string> Volatile =
        [.. VolatileReportFields.Names, "started_at", "finished_at", "created_at", "seconds", "wall_seconds", "amortised_one_off_per_month"];

    private static void Strip(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(Volatile.Contains).ToList()) obj.Remove(key);
                // A break-even volume against a fine-tuned arm moves with its one-off cost, priced from training time.
                if (obj.ContainsKey("cheaper_below")) obj.Remove("volume");
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue number && number.TryGetValue<double>(out var x) && x != Math.Floor(x))
                        obj[key] = Significant(x); // sums that include a time-priced one-off differ past five digits
                    else if (value is not null)
                        Strip(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) if (item is not null) Strip(item);
                break;
        }
    }

    private static double Significant(double x)
    {
        if (x == 0 || !double.IsFinite(x))
            return x;
        var scale = Math.Pow(10, 4 - (int)Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale) / scale;
    }

    private static int FirstDifference(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
            if (left[i] != right[i]) return i + 1;
        return Math.Min(left.Length, right.Length) + 1;
    }
}
