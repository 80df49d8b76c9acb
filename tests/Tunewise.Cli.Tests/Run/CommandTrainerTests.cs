using System.Text;
using System.Text.Json;
using Tunewise.FineTuning.Running;
using Tunewise.Lab.Checkpoints;
using Tunewise.FakeOpenAI;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary>
/// Fine-tuning arms trained by an external command (<c>backend: command</c>). The trainer here is <c>tunewise lab train</c>
/// itself, run by the study as a separate process on the export pack it wrote, so a real adapter comes back through the
/// output folder, is evaluated in-process, and is priced by its wall time.
/// </summary>
public class CommandTrainerTests
{
    private static string TunewiseCommand() => string.Join(' ', SelfProcess.Command().Select(CommandFineTuneBackend.ShellQuote));

    private static string WriteStudy(TempDirectory dir, string failing)
    {
        RandomCheckpoint.Write(dir.File("tiny"), layers: 1, hiddenSize: 32, seed: 3);
        var train = new StringBuilder();
        string[] words = ["apple", "river", "stone", "cloud", "green", "table", "music", "paper", "light", "horse"];
        for (var i = 0; i < 10; i++)
            train.Append($$"""{"id": "tr{{i}}", "text": "{{words[i]}} {{words[(i * 3 + 1) % 10]}}", "label": "yes"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        var test = new StringBuilder();
        for (var i = 0; i < 3; i++)
            test.Append($$"""{"id": "te{{i}}", "text": "held out {{i + 70}}", "label": "yes"}""").Append('\n');
        File.WriteAllText(dir.File("test.jsonl"), test.ToString());
        var trainer = $"{TunewiseCommand()} lab train {{base}} {{pack}}/train.jsonl --out {{output}} --method lora --rank 4 --epochs 1";
        var path = dir.File("study.yaml");
        File.WriteAllText(path, $$"""
            name: external-trainer
            task: { kind: generation, train: train.jsonl, test: test.jsonl, input: text, expected: label }
            models:
              tiny: lab:./tiny
            arms:
              - { name: prompt, model: tiny, max_tokens: 4 }
              - name: external
                model: tiny
                max_tokens: 4
                finetune: { method: lora, rank: 4, epochs: 1, backend: command, trainer: hf, price_per_hour: 2.5, output: "{pack}/outputs",
                            command: "{{trainer.Replace("\"", "\\\"", StringComparison.Ordinal)}}" }
              - { name: broken, model: tiny, max_tokens: 4, finetune: { backend: command, trainer: axolotl, command: "{{failing}}" } }
            metrics: [exact_match]
            """);
        return path;
    }

    [Fact]
    public void An_external_trainer_process_trains_a_real_adapter_that_is_evaluated_priced_and_reused_and_a_failing_command_fails_only_its_arm()
    {
        using var dir = new TempDirectory();
        var study = WriteStudy(dir, "echo preparing; echo CUDA out of memory >&2; exit 3");

        var (exitCode, output) = CliRun.Run("run", study, "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.Empty(Tunewise.Reports.ReportSchema.Validate(File.ReadAllText(dir.File("out/report.json"))));
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        var external = arms["external"];
        Assert.Equal("completed", external.GetProperty("status").GetString());
        Assert.Equal(3, external.GetProperty("metrics").GetProperty("exact_match").GetProperty("n").GetInt32());
        var tune = external.GetProperty("fine_tune");
        Assert.Equal("command", tune.GetProperty("backend").GetString());
        Assert.Equal(10, tune.GetProperty("train_examples").GetInt32());
        // The base and the tuned model both answered the general-skills suite, for forgetting.
        Assert.Equal(100, tune.GetProperty("forgetting").GetProperty("items").GetInt32());
        var seconds = tune.GetProperty("training_seconds").GetDouble();
        Assert.True(seconds > 0);
        var cost = tune.GetProperty("training_cost_usd").GetDouble();
        Assert.Equal(Math.Round(2.5 * seconds / 3600, 4), cost, 3);
        Assert.Equal(cost, external.GetProperty("one_off_cost").GetDouble(), 6);

        // The trainer ran as its own process on the pack and wrote a PEFT adapter where output said.
        var log = tune.GetProperty("trainer_log").GetString()!;
        var logText = File.ReadAllText(log);
        Assert.Contains("wrote adapter to", logText);
        Assert.Contains("# exit code 0", logText);
        var armFolder = Path.GetDirectoryName(log)!;
        var outputs = Path.Combine(armFolder, CommandFineTuneBackend.PackFolder, "outputs");
        Assert.True(File.Exists(Path.Combine(outputs, "adapter_config.json")));
        Assert.True(new FileInfo(Path.Combine(outputs, "adapter_model.safetensors")).Length > 0);
        // The pack is the curated train split rendered through the arm's prompt; no test input is in it.
        var pack = File.ReadAllText(Path.Combine(armFolder, CommandFineTuneBackend.PackFolder, "train.jsonl"));
        Assert.Contains("apple", pack);
        Assert.DoesNotContain("held out", pack);
        Assert.True(File.Exists(Path.Combine(armFolder, CommandFineTuneBackend.PackFolder, "README.md")));

        // The failing command fails its own arm, named with its log; the others were measured.
        var broken = arms["broken"];
        Assert.Equal("not_run", broken.GetProperty("status").GetString());
        var reason = broken.GetProperty("reason").GetString()!;
        Assert.Contains("arm 'broken'", reason);
        Assert.Contains("exited with code 3", reason);
        Assert.Contains("CUDA out of memory", reason);
        var brokenLog = Path.Combine(Path.GetDirectoryName(armFolder)!, "broken", CommandFineTuneBackend.LogFile);
        Assert.Contains(brokenLog, reason);
        Assert.Contains("preparing", File.ReadAllText(brokenLog));
        Assert.Equal("completed", arms["prompt"].GetProperty("status").GetString());

        // A rerun reuses the trained arm (the trainer does not run again) and tries the failed one again.
        var (again, _) = CliRun.Run("run", study, "--out", dir.File("out2"), "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.Ok, again);
        Assert.Equal(logText, File.ReadAllText(log));
        Assert.Equal(2, File.ReadAllLines(brokenLog).Count(l => l.StartsWith("# exit code 3", StringComparison.Ordinal)));
        using var second = JsonDocument.Parse(File.ReadAllText(dir.File("out2/report.json")));
        var secondExternal = second.RootElement.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "external");
        Assert.Equal(seconds, secondExternal.GetProperty("fine_tune").GetProperty("training_seconds").GetDouble());
        Assert.Equal(external.GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble(),
            secondExternal.GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task An_external_trainer_arm_with_an_endpoint_is_evaluated_on_the_server_that_serves_its_adapter()
    {
        using var dir = new TempDirectory();
        var asked = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        // A server that serves the base model and the tuned adapter, as vLLM with --enable-lora does: each answers as itself.
        await using var server = LoopbackHttpServer.Start(async exchange =>
        {
            var model = System.Text.Json.Nodes.JsonNode.Parse(exchange.Request.Text)?["model"]?.GetValue<string>() ?? "";
            asked.AddOrUpdate(model, 1, (_, n) => n + 1);
            var answer = model == "ext-adapter" ? "yes" : "no";
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = "c", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
                ["choices"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["index"] = 0, ["finish_reason"] = "stop",
                    ["message"] = new System.Text.Json.Nodes.JsonObject { ["role"] = "assistant", ["content"] = answer },
                }),
                ["usage"] = new System.Text.Json.Nodes.JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 1, ["total_tokens"] = 4 },
            };
            await exchange.RespondAsync(200, "application/json", body.ToJsonString());
        });
        var api = new Uri(server.BaseAddress, "v1").ToString();
        File.WriteAllText(dir.File("train.jsonl"), string.Concat(Enumerable.Range(0, 6).Select(i => $$"""{"id":"tr{{i}}","text":"train {{i}}","label":"yes"}""" + "\n")));
        File.WriteAllText(dir.File("test.jsonl"), string.Concat(Enumerable.Range(0, 4).Select(i => $$"""{"id":"te{{i}}","text":"test {{i}}","label":"yes"}""" + "\n")));
        const string writeAdapter = "mkdir -p {output} && echo '{\\\"peft_type\\\": \\\"LORA\\\"}' > {output}/adapter_config.json && echo w > {output}/adapter_model.safetensors";
        File.WriteAllText(dir.File("study.yaml"), $$"""
            name: external-endpoint
            task: { kind: generation, train: train.jsonl, test: test.jsonl, input: text, expected: label }
            models:
              served: { provider: openai-compatible, base_url: {{api}}, model: base-model, price: { input_per_mtok: 1, output_per_mtok: 1 } }
            arms:
              - { name: prompt, model: served }
              - name: tuned
                model: served
                finetune: { backend: command, trainer: llama-factory, command: "{{writeAdapter}}", endpoint: { base_url: "{{api}}", model: ext-adapter } }
            metrics: [exact_match]
            """);

        var (exitCode, output) = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal(1, arms["tuned"].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        Assert.Equal(0, arms["prompt"].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        var tune = arms["tuned"].GetProperty("fine_tune");
        Assert.Equal("openai-compatible:ext-adapter", tune.GetProperty("tuned_model").GetString());
        Assert.Equal(100, tune.GetProperty("forgetting").GetProperty("items").GetInt32());
        // Without price_per_hour, what the trainer's machine cost is unknown, and said so.
        Assert.Equal(JsonValueKind.Null, arms["tuned"].GetProperty("one_off_cost").ValueKind);
        // The tuned model answered the 4 test inputs and the 100 general items; the base its own arm and the same 100.
        Assert.Equal(104, asked["ext-adapter"]);
        Assert.Equal(104, asked["base-model"]);
    }
}
