using System.Text;
using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.LlamaCpp.Tests;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Native;

/// <summary>
/// The native build gives the same results as the ordinary (just-in-time compiled) build. One study with every kind of
/// model runs once in each build, each in its own process: an OpenAI-compatible server that injects transient faults
/// (zero-shot, few-shot with BM25-nearest demonstrations, and retrieval arms, so Lucene runs too, and a JSON-schema arm,
/// which goes through the OpenAI SDK instead of the direct HTTP path), a lab checkpoint (a prompted arm and a LoRA arm it
/// trains), and a GGUF model run by llama.cpp in-process. The in-process models are priced per token, so no cost depends
/// on how fast a build is. Every row of results.jsonl and every figure of report.json must agree; only timings, run ids
/// and paths may differ.
/// </summary>
public class NativeBuildTests
{
    [Fact]
    public async Task A_study_over_http_lab_and_gguf_models_gives_the_same_results_and_report_in_the_native_build()
    {
        using var dir = new TempDirectory();
        await WriteInputsAsync(dir);
        var native = NativeBuild.Instance;

        var jit = await RunStudyAsync(dir, "jit", SelfProcess.Command());
        var aot = await RunStudyAsync(dir, "native", [native.Executable]);

        // The native process runs no just-in-time compiler; both builds ran every engine.
        Assert.Contains("libcoreclr.so", jit.Modules);
        Assert.DoesNotContain("libcoreclr.so", aot.Modules);
        Assert.DoesNotContain("libclrjit.so", aot.Modules);
        Assert.Contains("libLibTorchSharp.so", aot.Modules);
        Assert.Contains("libllama.so", aot.Modules);
        Assert.Contains("libLibTorchSharp.so", jit.Modules);
        Assert.Contains("libllama.so", jit.Modules);

        var jitRows = Rows(jit.Folder);
        var aotRows = Rows(aot.Folder);
        Assert.Equal(7 * 12, jitRows.Count);
        Assert.Equal(jitRows.Keys.Order(), aotRows.Keys.Order());
        foreach (var (key, row) in jitRows)
            Assert.True(JsonNode.DeepEquals(row, aotRows[key]), $"results.jsonl differs for {key}:\n  JIT:    {row.ToJsonString()}\n  native: {aotRows[key].ToJsonString()}");

        var jitReport = Normalized(jit.Folder);
        var aotReport = Normalized(aot.Folder);
        Assert.True(JsonNode.DeepEquals(jitReport, aotReport), $"report.json differs:\n  JIT:    {jitReport.ToJsonString()}\n  native: {aotReport.ToJsonString()}");
    }

    private sealed record StudyRun(string Folder, IReadOnlyList<string> Modules);

    private static async Task WriteInputsAsync(TempDirectory dir)
    {
        RandomCheckpoint.Write(dir.File("tiny-lab"), layers: 1, hiddenSize: 32, seed: 3);
        await TinyLlamaModel.WriteAsync(dir.File("tiny.gguf"));
        string[] words = ["apple", "river", "stone", "cloud", "green", "table", "music", "paper", "light", "horse", "winter", "garden"];
        var train = new StringBuilder();
        for (var i = 0; i < 12; i++)
            train.Append($$"""{"id": "tr{{i}}", "text": "{{words[i]}} {{words[(i * 5 + 3) % 12]}} now", "label": "{{words[i]}}"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        Directory.CreateDirectory(dir.File("docs"));
        for (var i = 0; i < 12; i++)
            File.WriteAllText(dir.File($"docs/{words[i]}.txt"), $"The word {words[i]} sits beside {words[(i + 1) % 12]} in note {i}.");
        var test = new StringBuilder();
        for (var i = 0; i < 12; i++)
        {
            // A third of the examples are labelled with the server's answer, so the HTTP arms score above zero.
            var text = $"say {words[(i * 7) % 12]} {i + 50}";
            var label = i % 3 == 0 ? FaultyOpenAIServer.AnswerFor(text) : words[(i * 7) % 12];
            test.Append($$"""{"id": "te{{i}}", "text": "{{text}}", "label": "{{label}}"}""").Append('\n');
        }
        File.WriteAllText(dir.File("test.jsonl"), test.ToString());
    }

    /// <summary>Runs the study in <paramref name="name"/>/ against a fresh fault-injecting server, so both builds meet the same faults.</summary>
    private static async Task<StudyRun> RunStudyAsync(TempDirectory dir, string name, IReadOnlyList<string> command)
    {
        var folder = dir.File(name);
        Directory.CreateDirectory(folder);
        var faults = new FaultProfile { RateLimitRate = 0.1, ServerErrorRate = 0.05, TruncatedRate = 0.05, RetryAfter = TimeSpan.FromMilliseconds(5) };
        await using var server = await FaultyOpenAIServer.StartAsync(faults);
        File.WriteAllText(Path.Combine(folder, "study.yaml"), $$"""
            name: native-parity
            task: { kind: generation, train: ../train.jsonl, test: ../test.jsonl, documents: ../docs, input: text, expected: label }
            models:
              http: { provider: openai-compatible, base_url: {{server.ApiBase}}, model: m, price: { input_per_mtok: 1, output_per_mtok: 2 } }
              lab: { provider: lab, model: ../tiny-lab, price: { input_per_mtok: 0.1, output_per_mtok: 0.2 } }
              gguf: { provider: gguf, model: ../tiny.gguf, price: { input_per_mtok: 0.1, output_per_mtok: 0.2 } }
            arms:
              - { name: http-zero-shot, model: http, prompt: { template: "{{"{{"}}text{{"}}"}}" } }
              - { name: http-few-shot, model: http, prompt: { template: "{{"{{"}}text{{"}}"}}", few_shot: 2, select: nearest } }
              - { name: http-rag, model: http, retrieval: { top_k: 2 } }
              - { name: http-schema, model: http, prompt: { template: "{{"{{"}}text{{"}}"}}", response_format: json_schema, schema: { type: object, properties: { label: { type: string } } } } }
              - { name: lab-prompt, model: lab, max_tokens: 4 }
              - { name: lab-lora, model: lab, max_tokens: 4, finetune: { method: lora, rank: 4, epochs: 1, clean: false } }
              - { name: gguf-prompt, model: gguf, max_tokens: 4 }
            metrics: [exact_match, token_f1]
            """);
        var run = await CliRun.RunProcessAsync(command, folder, ["run", "study.yaml", "--out", "out", "--store", "runs.db", "--concurrency", "4"],
            new Dictionary<string, string> { ["OPENAI_API_KEY"] = "test-key" });
        Assert.True(run.ExitCode == ExitCodes.Ok, $"{name} build: exit {run.ExitCode}\n{run.Output}");
        return new StudyRun(folder, run.Modules);
    }

    /// <summary>results.jsonl by arm, example and repeat, without the fields that measure time.</summary>
    private static Dictionary<string, JsonNode> Rows(string folder) =>
        File.ReadLines(Path.Combine(folder, "out", "results.jsonl")).Select(line => VolatileReportFields.Strip(JsonNode.Parse(line)!))
            .ToDictionary(row => $"{row["arm"]}/{row["id"]}/{row["repeat"]}");

    /// <summary>report.json with the run's folder and run id written as placeholders, and without what measures time.</summary>
    private static JsonNode Normalized(string folder)
    {
        var text = File.ReadAllText(Path.Combine(folder, "out", "report.json"));
        var runId = JsonNode.Parse(text)!["run_id"]!.GetValue<string>();
        // Everything but the fields that measure time or name the run must be identical.
        return VolatileReportFields.Strip(JsonNode.Parse(text.Replace(folder, "FOLDER", StringComparison.Ordinal).Replace(runId, "RUN", StringComparison.Ordinal))!);
    }
}
