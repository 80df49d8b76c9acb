using System.Text;
using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Cli.Commands.Run;
using Tunewise.Lab.Checkpoints;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary>Fine-tuning arms inside <c>tunewise run</c>, trained for real by the lab engine on a tiny checkpoint.</summary>
public class FineTuneArmsTests
{
    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.Run(args);

    private static string WriteStudy(TempDirectory dir)
    {
        RandomCheckpoint.Write(dir.File("tiny"), layers: 1, hiddenSize: 32, seed: 3);
        var train = new StringBuilder();
        string[] words = ["apple", "river", "stone", "cloud", "green", "table", "music", "paper", "light", "horse", "winter", "garden"];
        for (var i = 0; i < 12; i++)
            train.Append($$"""{"id": "tr{{i}}", "text": "{{words[i]}} {{words[(i * 5 + 3) % 12]}} now", "label": "yes"}""").Append('\n');
        // An exact duplicate of tr0: curation drops it before any arm trains (finetune.clean is on by default).
        train.Append("""{"id": "tr12", "text": "apple cloud now", "label": "yes"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        var test = new StringBuilder();
        for (var i = 0; i < 4; i++)
            test.Append($$"""{"id": "te{{i}}", "text": "say yes {{i + 50}}", "label": "yes"}""").Append('\n');
        File.WriteAllText(dir.File("test.jsonl"), test.ToString());
        var path = dir.File("study.yaml");
        File.WriteAllText(path, """
            name: lab-finetune-arms
            task: { kind: generation, train: train.jsonl, test: test.jsonl, input: text, expected: label }
            models:
              tiny: lab:./tiny
            arms:
              - { name: prompt, model: tiny, max_tokens: 4 }
              - { name: lora, model: tiny, max_tokens: 4, finetune: { method: lora, rank: 4, epochs: 1, learning_curve: [0.5, 3] } }
              - { name: full, model: tiny, max_tokens: 4, finetune: { method: full, epochs: 1 } }
              - { name: full-replay, model: tiny, max_tokens: 4, finetune: { method: full, epochs: 1, replay: 0.25 } }
              - { name: distilled, model: tiny, max_tokens: 4, finetune: { method: lora, rank: 4, epochs: 1, teacher: prompt } }
            metrics: [exact_match]
            """);
        return path;
    }

    [Fact]
    public void Fine_tuning_arms_train_are_scored_on_the_frozen_test_set_and_report_forgetting_and_a_rerun_reuses_them()
    {
        using var dir = new TempDirectory();
        var study = WriteStudy(dir);

        var (exitCode, output) = Run("run", study, "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Empty(Tunewise.Reports.ReportSchema.Validate(File.ReadAllText(dir.File("out/report.json"))));
        var html = File.ReadAllText(dir.File("out/report.html"));
        Assert.Contains("Training loss", html);
        Assert.Contains("Forgetting deltas", html);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        foreach (var (name, method) in new[] { ("lora", "lora"), ("full", "full") })
        {
            var arm = arms[name];
            Assert.Equal("completed", arm.GetProperty("status").GetString());
            Assert.Equal(4, arm.GetProperty("metrics").GetProperty("exact_match").GetProperty("n").GetInt32());
            var tune = arm.GetProperty("fine_tune");
            Assert.Equal(method, tune.GetProperty("method").GetString());
            Assert.Equal(12, tune.GetProperty("train_examples").GetInt32());
            Assert.Equal(1, tune.GetProperty("dropped_by_curation").GetInt32());
            Assert.True(tune.GetProperty("steps").GetInt32() >= 1);
            Assert.True(tune.GetProperty("loss_curve").GetArrayLength() >= 1);
            Assert.True(tune.GetProperty("planned_memory_bytes").GetInt64() > 0);
            // Measured: how far this process's resident high-water mark rose while the arm trained, in bytes. Linux lets a
            // process reset its own peak, so here it is always reported; a one-layer, 32-wide model needs megabytes, not a gigabyte.
            Assert.Equal(JsonValueKind.Number, tune.GetProperty("measured_memory_bytes").ValueKind);
            Assert.InRange(tune.GetProperty("measured_memory_bytes").GetInt64(), 0, 1L << 30);
            var forgetting = tune.GetProperty("forgetting");
            Assert.Equal(100, forgetting.GetProperty("items").GetInt32());
            Assert.True(forgetting.GetProperty("ci_low").GetDouble() <= forgetting.GetProperty("delta").GetDouble());
            Assert.True(forgetting.GetProperty("delta").GetDouble() <= forgetting.GetProperty("ci_high").GetDouble());
        }
        // In-process models are priced by measured compute time × a machine price, and training is a one-off cost.
        foreach (var name in new[] { "prompt", "lora", "full" })
        {
            Assert.True(arms[name].GetProperty("cost_per_query").GetDouble() > 0);
            Assert.Contains("measured compute", arms[name].GetProperty("cost_source").GetString());
        }
        Assert.Equal(0, arms["prompt"].GetProperty("one_off_cost").GetDouble());
        Assert.True(arms["full"].GetProperty("one_off_cost").GetDouble() > 0);
        // The learning curve trains on the nested half too, and scores both on the whole test set.
        var curve = arms["lora"].GetProperty("learning_curve").EnumerateArray().ToList();
        Assert.Equal([3, 6, 12], curve.Select(p => p.GetProperty("train_examples").GetInt32()));
        Assert.All(curve, p => Assert.Equal(4, p.GetProperty("n").GetInt32()));
        Assert.Contains("Score against training examples", html);
        // Distillation: the prompt arm labelled the 12 training inputs; the student is compared with it on test.
        var teacher = arms["distilled"].GetProperty("fine_tune").GetProperty("teacher");
        Assert.Equal("prompt", teacher.GetProperty("name").GetString());
        Assert.Equal(12, teacher.GetProperty("calls").GetInt32());
        Assert.True(teacher.GetProperty("cost_usd").GetDouble() > 0);
        Assert.InRange(teacher.GetProperty("agreement_on_test").GetDouble(), 0, 1);
        // replay 0.25 over 12 task examples mixes in 4 general-skills examples: 4 / 16 of the training set.
        Assert.Equal(4, arms["full-replay"].GetProperty("fine_tune").GetProperty("replay_examples").GetInt32());
        Assert.Equal(0, arms["full"].GetProperty("fine_tune").GetProperty("replay_examples").GetInt32());
        Assert.True(arms["lora"].GetProperty("fine_tune").GetProperty("trainable_parameters").GetInt64()
            < arms["full"].GetProperty("fine_tune").GetProperty("trainable_parameters").GetInt64());
        // The training data are the arm's rendered prompts, never a test example.
        var trainFile = Directory.GetFiles(dir.Path, "train.jsonl", SearchOption.AllDirectories).Single(f => f.Contains("finetune") && f.Contains("/lora/"));
        Assert.DoesNotContain("say yes 50", File.ReadAllText(trainFile));

        var (again, secondOutput) = Run("run", study, "--out", dir.File("out2"), "--store", dir.File("runs.db"));

        Assert.Equal(ExitCodes.Ok, again);
        Assert.DoesNotContain("Training", secondOutput);
        using var second = JsonDocument.Parse(File.ReadAllText(dir.File("out2/report.json")));
        var secondLora = second.RootElement.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "lora");
        Assert.Equal(arms["lora"].GetProperty("fine_tune").GetProperty("training_seconds").GetDouble(),
            secondLora.GetProperty("fine_tune").GetProperty("training_seconds").GetDouble());
        // The rerun reports the stored measurement; it does not measure a training that did not happen.
        Assert.Equal(arms["lora"].GetProperty("fine_tune").GetProperty("measured_memory_bytes").GetInt64(),
            secondLora.GetProperty("fine_tune").GetProperty("measured_memory_bytes").GetInt64());
    }

    [Fact]
    public void Without_a_dev_split_train_gives_up_a_dev_set_a_budget_stops_training_and_the_report_says_both()
    {
        using var dir = new TempDirectory();
        RandomCheckpoint.Write(dir.File("tiny"), layers: 1, hiddenSize: 32, seed: 3);
        var train = new StringBuilder();
        for (var i = 0; i < 30; i++)
            train.Append($$"""{"id": "tr{{i:D2}}", "text": "word {{i}} and {{i * 7 % 30}}", "label": "{{(i % 2 == 0 ? "even" : "odd")}}"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        File.WriteAllText(dir.File("test.jsonl"), string.Concat(Enumerable.Range(0, 4).Select(i => $$"""{"id": "te{{i}}", "text": "word {{i + 50}}", "label": "even"}""" + "\n")));
        File.WriteAllText(dir.File("study.yaml"), """
            name: budgeted
            task: { kind: generation, train: train.jsonl, test: test.jsonl, input: text, expected: label }
            models:
              tiny: lab:./tiny
            arms:
              - { name: budget, model: tiny, max_tokens: 2, finetune: { method: full, epochs: 2, max_steps: 2, learning_curve: [8, 16] } }
            metrics: [exact_match]
            """);

        var (exitCode, output) = Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        var json = File.ReadAllText(dir.File("out/report.json"));
        Assert.Empty(Tunewise.Reports.ReportSchema.Validate(json));
        using var report = JsonDocument.Parse(json);
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        // 30 examples, no dev split: 3 are held out (a tenth) and 27 are trained on, in 4 steps an epoch.
        var budget = arms["budget"].GetProperty("fine_tune");
        Assert.Equal(27, budget.GetProperty("train_examples").GetInt32());
        Assert.Equal(3, budget.GetProperty("dev_examples").GetInt32());
        Assert.Equal("carved_from_train", budget.GetProperty("dev_source").GetString());
        Assert.Equal("max_steps", budget.GetProperty("stop_reason").GetString());
        Assert.Equal(2, budget.GetProperty("steps").GetInt32());
        Assert.Equal(8, budget.GetProperty("planned_steps").GetInt32());
        Assert.Equal(JsonValueKind.Number, budget.GetProperty("best_step").ValueKind);
        // Four evaluations an epoch of four steps: after every step, here the two the budget allows.
        Assert.Equal([1, 2], budget.GetProperty("dev_loss_steps").EnumerateArray().Select(s => s.GetInt32()));
        // The held-out examples are in the dev file, never in the training file.
        var folder = Directory.GetDirectories(dir.Path, "budget", SearchOption.AllDirectories).Single(f => f.Contains("finetune", StringComparison.Ordinal));
        var trainIds = File.ReadLines(Path.Combine(folder, "train.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToHashSet();
        var devIds = File.ReadLines(Path.Combine(folder, "dev.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, devIds.Count);
        Assert.Equal(27, trainIds.Count);
        Assert.DoesNotContain(devIds, trainIds.Contains);
        // The curve's smaller sizes (8 and 16) are read forward to 27 and labelled a prediction.
        var prediction = arms["budget"].GetProperty("learning_curve_prediction");
        Assert.Equal([8, 16], prediction.GetProperty("fitted_sizes").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(27, prediction.GetProperty("train_examples").GetInt32());
        var md = File.ReadAllText(dir.File("out/report.md"));
        Assert.Contains("## Fine-tuning", md);
        Assert.Matches(@"\| budget \| full \| 27 / 3 \(held out of train\) \| [0-9.]+ \| 2 / 8 \| budget: max_steps \| step ", md);
        var html = File.ReadAllText(dir.File("out/report.html"));
        Assert.Contains("<h3>Fine-tuning</h3>", html);
        Assert.Contains("<td>budget: max_steps</td>", html);
        Assert.Contains("(a prediction, not a measurement: power law", md);
        Assert.Contains("- budget: ", md);
    }

    [Fact]
    public void A_training_set_past_forecast_above_is_forecast_from_subsets_on_dev_first_and_a_resumed_run_does_not_retrain_them()
    {
        using var dir = new TempDirectory();
        RandomCheckpoint.Write(dir.File("tiny"), layers: 1, hiddenSize: 32, seed: 5);
        var train = new StringBuilder();
        for (var i = 0; i < 60; i++)
            train.Append($$"""{"id": "tr{{i:D2}}", "text": "item {{i}} of {{i * 7 % 60}}", "label": "{{(i % 2 == 0 ? "even" : "odd")}}"}""").Append('\n');
        File.WriteAllText(dir.File("train.jsonl"), train.ToString());
        File.WriteAllText(dir.File("test.jsonl"), string.Concat(Enumerable.Range(0, 4).Select(i => $$"""{"id": "te{{i}}", "text": "item {{i + 90}}", "label": "even"}""" + "\n")));
        File.WriteAllText(dir.File("study.yaml"), """
            name: forecast
            task: { kind: classification, train: train.jsonl, test: test.jsonl, input: text, expected: label }
            models:
              tiny: lab:./tiny
            arms:
              - { name: big, model: tiny, max_tokens: 2, finetune: { method: full, epochs: 1, forecast_above: 50 } }
              - { name: small, model: tiny, max_tokens: 2, finetune: { method: full, epochs: 1, forecast_above: 61 } }
            metrics: [accuracy]
            """);

        var (exitCode, output) = Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        var json = File.ReadAllText(dir.File("out/report.json"));
        Assert.Empty(Tunewise.Reports.ReportSchema.Validate(json));
        using var report = JsonDocument.Parse(json);
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        // 60 examples, no dev split: 6 are held out, 54 trained on; 54 reaches forecast_above 50, so an eighth (7) and a quarter (14) train first.
        var forecast = arms["big"].GetProperty("forecast");
        Assert.Equal(54, forecast.GetProperty("train_examples").GetInt32());
        Assert.Equal(6, forecast.GetProperty("dev_examples").GetInt32());
        Assert.Equal("accuracy", forecast.GetProperty("metric").GetString());
        var points = forecast.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([7, 14], points.Select(p => p.GetProperty("train_examples").GetInt32()));
        Assert.All(points, p => Assert.Equal(6, p.GetProperty("n").GetInt32()));
        Assert.All(points, p => Assert.InRange(p.GetProperty("value").GetDouble(), 0, 1));
        // The prediction is made from the two subsets for the full 54, and the full model is then scored on the same dev set.
        var prediction = forecast.GetProperty("prediction");
        Assert.Equal([7, 14], prediction.GetProperty("fitted_sizes").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(54, prediction.GetProperty("train_examples").GetInt32());
        var measured = forecast.GetProperty("measured");
        Assert.Equal(54, measured.GetProperty("train_examples").GetInt32());
        Assert.Equal(6, measured.GetProperty("n").GetInt32());
        Assert.Equal(measured.GetProperty("value").GetDouble(), prediction.GetProperty("measured").GetDouble());
        Assert.Equal(54, arms["big"].GetProperty("fine_tune").GetProperty("train_examples").GetInt32());
        // Below its threshold an arm trains on all of its data at once.
        Assert.False(arms["small"].TryGetProperty("forecast", out _));
        var folder = Directory.GetDirectories(dir.Path, "big", SearchOption.AllDirectories).Single(f => f.Contains("finetune", StringComparison.Ordinal));
        Assert.Equal(7, File.ReadLines(Path.Combine(folder, "forecast-7", "train.jsonl")).Count());
        Assert.Equal(14, File.ReadLines(Path.Combine(folder, "forecast-14", "train.jsonl")).Count());
        Assert.False(Directory.Exists(Path.Combine(Directory.GetParent(folder)!.FullName, "small", "forecast-7")));
        // Both pages show the prediction (or why there is none) and the measured dev score at the full size.
        var predictedText = prediction.GetProperty("predicted").ValueKind == JsonValueKind.Number
            ? prediction.GetProperty("predicted").GetDouble().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " at 54 ("
            : prediction.GetProperty("note").GetString()!;
        var measuredText = measured.GetProperty("value").GetDouble().ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + " [";
        foreach (var (file, title) in new[] { ("report.md", "### Forecast before the full training"), ("report.html", "<h3>Forecast before the full training</h3>") })
        {
            var page = File.ReadAllText(dir.File("out/" + file));
            Assert.Contains(title, page);
            Assert.Contains(predictedText, page);
            Assert.Contains(measuredText, page);
        }

        // A run stopped after the forecast, before the full model was stored: the rerun trains the full set, not the subsets.
        var subsetFiles = Directory.GetFiles(Path.Combine(folder, "forecast-7", "model"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={dir.File("runs.db")};Pooling=False"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM run_artifacts WHERE name = 'finetune:big'";
            Assert.Equal(1, delete.ExecuteNonQuery());
        }
        var (again, secondOutput) = Run("run", dir.File("study.yaml"), "--out", dir.File("out2"), "--store", dir.File("runs.db"));

        Assert.True(again == ExitCodes.Ok, secondOutput);
        using var second = JsonDocument.Parse(File.ReadAllText(dir.File("out2/report.json")));
        var secondForecast = second.RootElement.GetProperty("arms").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "big").GetProperty("forecast");
        Assert.Equal(forecast.GetProperty("training_seconds").GetDouble(), secondForecast.GetProperty("training_seconds").GetDouble());
        Assert.Equal(points.Select(p => p.GetProperty("value").GetDouble()), secondForecast.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.NotEmpty(subsetFiles);
        Assert.All(subsetFiles, f => Assert.Equal(f.Value, File.GetLastWriteTimeUtc(f.Key)));
    }

    [Fact]
    public void The_default_study_files_are_valid_studies()
    {
        using var dir = new TempDirectory();
        new Tunewise.Lab.World.WorldGenerator(Tunewise.Lab.World.WorldOptions.For(Tunewise.Lab.World.WorldSize.Study)).WriteTasks(dir.Path);

        foreach (var study in new[] { "study-behaviour.yaml", "study-knowledge.yaml" })
        {
            var (exitCode, output) = Run("study", "check", dir.File(study));
            Assert.True(exitCode == ExitCodes.Ok, output);
        }
        Assert.False(File.Exists(dir.File("pretraining/corpus.txt")));
        Assert.Equal("tunewise-default", DefaultStudy.Folder);
    }

    [Fact]
    public void LoRA_and_QLoRA_arms_on_the_built_in_tw_small_train_evaluate_and_measure_forgetting_offline()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("train.jsonl"), string.Concat(Enumerable.Range(0, 8).Select(i =>
            $$"""{"id": "tr{{i}}", "input": "Copy the text exactly.\nriver {{(char)('a' + i)}}", "expected": "river {{(char)('a' + i)}}"}""" + "\n")));
        File.WriteAllText(dir.File("test.jsonl"), string.Concat(Enumerable.Range(0, 4).Select(i =>
            $$"""{"id": "te{{i}}", "input": "Copy the text exactly.\nstone {{(char)('p' + i)}}", "expected": "stone {{(char)('p' + i)}}"}""" + "\n")));
        File.WriteAllText(dir.File("study.yaml"), """
            name: tw-small-adapters
            task: { kind: generation, train: train.jsonl, test: test.jsonl, input: input, expected: expected }
            models: { small: lab:tw-small }
            arms:
              - { name: lora, model: small, max_tokens: 8, finetune: { method: lora, rank: 4, epochs: 1, clean: false } }
              - { name: qlora, model: small, max_tokens: 8, finetune: { method: qlora, rank: 4, epochs: 1, clean: false } }
            metrics: [exact_match]
            """);

        var (exitCode, output) = Run("run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db"));

        Assert.True(exitCode == ExitCodes.Ok, output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        foreach (var arm in report.RootElement.GetProperty("arms").EnumerateArray())
        {
            Assert.Equal("completed", arm.GetProperty("status").GetString());
            Assert.Equal("lab:tw-small", arm.GetProperty("model").GetString());
            var tune = arm.GetProperty("fine_tune");
            Assert.Equal(arm.GetProperty("name").GetString(), tune.GetProperty("method").GetString());
            Assert.Equal(1_115_520, tune.GetProperty("total_parameters").GetInt64());
            Assert.Equal(100, tune.GetProperty("forgetting").GetProperty("items").GetInt32());
        }
    }
}
