using System.Text;
using System.Text.Json.Nodes;
using Tunewise.Cli.Commands;
using Tunewise.Lab.Checkpoints;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Studies;

/// <summary>
/// Prompts against a tiny lab model trained (as its config.json records) on 96-token sequences: the default
/// classification template lists every label, which alone runs past that, so zero-shot prompts cannot fit; short
/// templates do. The check and the run count with the model's own tokenizer, before any call.
/// </summary>
public sealed class ContextWindowTests
{
    private const int TrainedContext = 96;

    private static readonly string[] Labels = [.. Enumerable.Range(0, 30).Select(i => $"intent_number_{i}")];

    private static void WriteInputs(TempDirectory dir, string arms, string models = "  tiny: lab:./tiny\n", bool longTraining = false)
    {
        RandomCheckpoint.Write(dir.File("tiny"), layers: 1, hiddenSize: 32, seed: 3);
        var config = JsonNode.Parse(File.ReadAllText(dir.File("tiny/config.json")))!.AsObject();
        config["training_sequence_length"] = TrainedContext;
        File.WriteAllText(dir.File("tiny/config.json"), config.ToJsonString());
        var train = new StringBuilder();
        for (var i = 0; i < 30; i++)
            train.Append($$"""{"id": "tr{{i}}", "text": "{{(longTraining && i % 5 == 0 ? string.Join(' ', Enumerable.Repeat($"trainword{i}", 60)) : $"short message {i}")}}", "label": "{{Labels[i]}}"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        var test = new StringBuilder();
        for (var i = 0; i < 6; i++)
        {
            // Every third test message is long: its bare input alone is past the context.
            var text = i % 3 == 2 ? string.Join(' ', Enumerable.Repeat($"longword{i}", 60)) : $"short message {i}";
            test.Append($$"""{"id": "te{{i}}", "text": "{{text}}", "label": "{{Labels[i]}}"}""").Append('\n');
        }
        File.WriteAllText(dir.File("test.jsonl"), test.ToString());
        File.WriteAllText(dir.File("study.yaml"), $"""
            name: context-study
            task: {"{"} kind: classification, train: train.jsonl, test: test.jsonl, input: text, expected: label {"}"}
            models:
            {models}arms:
            {arms}
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_names_the_zero_shot_arm_the_model_and_the_context_it_exceeds()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: zero-shot, model: tiny }\n");

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("arm 'zero-shot' on model 'lab:./tiny': context of 96 tokens (config.json training_sequence_length)", output, StringComparison.Ordinal);
        Assert.Contains("6 of 6 prompts exceed it", output, StringComparison.Ordinal);
        Assert.Contains("will be not run: context:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_context_window_is_what_check_and_run_count_against_for_a_model_the_catalog_does_not_know()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: zero-shot, model: local }\n",
            "  local: { provider: openai-compatible, base_url: \"http://127.0.0.1:9/v1\", model: house-model-7b, context_window: 64 }\n");

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));
        var run = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.Contains("arm 'zero-shot' on model 'openai-compatible:house-model-7b': context of 64 tokens (study file context_window)", output, StringComparison.Ordinal);
        Assert.Contains("will be not run: context:", output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Output);
        var arm = JsonNode.Parse(File.ReadAllText(dir.File("out/report.json")))!["arms"]![0]!;
        Assert.Equal("not_run", arm["status"]!.GetValue<string>());
        Assert.Contains("the model's context is 64 tokens (study file context_window)", arm["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_declared_window_a_model_the_catalog_does_not_know_is_not_counted()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: zero-shot, model: local }\n",
            "  local: { provider: openai-compatible, base_url: \"http://127.0.0.1:9/v1\", model: house-model-7b }\n");

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.DoesNotContain("context of", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_window_replaces_a_lab_checkpoint_s_own_and_keeps_its_tokenizer()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: zero-shot, model: tiny }\n", "  tiny: { provider: lab, model: ./tiny, context_window: 4000 }\n");

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        Assert.Contains("context of 4000 tokens (study file context_window (in place of config.json training_sequence_length: 96))", output, StringComparison.Ordinal);
        Assert.DoesNotContain("will be not run", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "model 'local' context_window must be a number of tokens more than 0 (got 0)")]
    [InlineData("-512", "model 'local' context_window must be a number of tokens more than 0 (got -512)")]
    [InlineData("large", "model 'local' context_window must be a whole number")]
    public void A_context_window_that_is_not_a_positive_whole_number_is_refused_with_its_line(string value, string message)
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: zero-shot, model: local }\n",
            $"  local: {{ provider: openai-compatible, base_url: \"http://127.0.0.1:9/v1\", model: house-model-7b, context_window: {value} }}\n");

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));
        var run = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("study.yaml:4:", output, StringComparison.Ordinal);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.False(File.Exists(dir.File("out/report.json")));
    }

    [Fact]
    public void Truncate_error_makes_check_and_run_exit_1_naming_the_arm()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: strict, model: tiny, truncate: error }\n");

        var check = CliRun.Run("study", "check", dir.File("study.yaml"));
        var run = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.InvalidInput, check.ExitCode);
        Assert.Contains("exceed their model's context with truncate: error: strict", check.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("arm 'strict' on model 'lab:./tiny'", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out/report.json")));
    }

    [Fact]
    public void An_unknown_truncate_value_is_refused_with_its_line_and_field()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: zero-shot, model: tiny, truncate: middle }\n");

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("study.yaml:6:", output, StringComparison.Ordinal);
        Assert.Contains("arm 'zero-shot' truncate must be one of demonstrations | input | skip | error (got 'middle')", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_policy_runs_as_documented_and_the_not_run_arm_is_left_out_of_the_decision()
    {
        using var dir = new TempDirectory();
        const string Short = "template: \"Message: {{text}}\\nIntent:\"";
        WriteInputs(dir, $$"""
              - { name: zero-shot, model: tiny, max_tokens: 4 }
              - { name: few-shot, model: tiny, max_tokens: 4, truncate: skip, prompt: { {{Short}}, few_shot: 6, select: random } }
              - { name: cut, model: tiny, max_tokens: 4, truncate: input, prompt: { {{Short}} } }
            """);

        var (exitCode, output) = CliRun.Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"), "--concurrency", "1");

        Assert.True(exitCode == ExitCodes.Ok, output);
        var report = JsonNode.Parse(File.ReadAllText(dir.File("out/report.json")))!;
        var arms = report["arms"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!);
        // Default policy: the label list alone does not fit, so the arm is not run, with its reason.
        Assert.Equal("not_run", arms["zero-shot"]["status"]!.GetValue<string>());
        Assert.StartsWith("not run: context: 6 of 6 prompts do not fit even without demonstrations; the longest is", arms["zero-shot"]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("the model's context is 96 tokens (config.json training_sequence_length), 92 for the prompt after the arm's max_tokens", arms["zero-shot"]["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        // skip: short prompts drop demonstrations to fit; the long ones are not sent and count as errors, not as scored answers.
        var fewShot = arms["few-shot"];
        Assert.Equal(2, fewShot["errors"]!.GetValue<int>());
        Assert.Equal(2, fewShot["context"]!["unfit"]!.GetValue<int>());
        Assert.True(fewShot["context"]!["demonstrations_dropped"]!.GetValue<int>() >= 1);
        // input: every prompt is sent, the long inputs cut to their start.
        Assert.Equal(0, arms["cut"]["errors"]!.GetValue<int>());
        Assert.Equal(2, arms["cut"]["context"]!["inputs_cut"]!.GetValue<int>());
        var results = File.ReadLines(dir.File("out/results.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.DoesNotContain(results, r => r["arm"]!.GetValue<string>() == "zero-shot");
        Assert.All(results.Where(r => r["arm"]!.GetValue<string>() == "few-shot" && r["id"]!.GetValue<string>() is "te2" or "te5"),
            r => Assert.StartsWith("context: the prompt is", r["error"]!.GetValue<string>(), StringComparison.Ordinal));
        // The decision never weighs the arm that did not run.
        var measured = report["decision"]!.ToJsonString();
        Assert.DoesNotContain("zero-shot", measured, StringComparison.Ordinal);
        var markdown = File.ReadAllText(dir.File("out/report.md"));
        Assert.Contains("## Context windows", markdown, StringComparison.Ordinal);
        Assert.Contains("| zero-shot | lab:./tiny | not run: context:", markdown, StringComparison.Ordinal);
        // The context table: the limit, the prompts counted, the longest, and why the arm was not run, in both pages.
        Assert.Matches(@"\| zero-shot \| lab:\./tiny \| 96 \(prompt ≤ 92\) \| demonstrations \| 6 \| \d+ \| 6 \| 0 \| 0 \| 6 \| – \| – \| not run: context: ", markdown);
        var html = File.ReadAllText(dir.File("out/report.html"));
        Assert.Contains("<h3>Context windows</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<td>not run: context: 6 of 6 prompts do not fit", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_counts_a_fine_tuning_arms_training_sequences_on_the_short_prompt_and_a_long_one_stops_the_arm()
    {
        using var dir = new TempDirectory();
        WriteInputs(dir, "  - { name: tune, model: tiny, finetune: { method: lora, rank: 2, epochs: 1, clean: false } }\n", longTraining: true);

        var (exitCode, output) = CliRun.Run("study", "check", dir.File("study.yaml"));
        var json = JsonNode.Parse(CliRun.Run("study", "check", dir.File("study.yaml"), "--json").Output)!["context"]![0]!;

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("arm 'tune' on model 'lab:./tiny'", output, StringComparison.Ordinal);
        // 27 of the 30 training rows remain once those that copy a test input are left out.
        Assert.Contains("6 of 27 training sequences exceed it", output, StringComparison.Ordinal);
        Assert.Contains("arm 'tune' will be not run: context:", output, StringComparison.Ordinal);
        Assert.Equal(6, json["training_unfit"]!.GetValue<int>());
        // Only the two long test messages exceed: the label list every zero-shot prompt carries is not in a fine-tuning arm's prompt.
        Assert.Equal(2, json["over_limit"]!.GetValue<int>());
        Assert.InRange(json["tokens_per_training_example"]!.GetValue<double>(), 5, TrainedContext);
    }
}
