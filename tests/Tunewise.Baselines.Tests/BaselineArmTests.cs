using System.Text;
using System.Text.Json;
using Tunewise.Arms.Baselines;
using Tunewise.Data.Preparation;
using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Running;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Baselines.Tests;

/// <summary>
/// A baseline arm runs through the same stages as an LLM arm: trained on train, scored on the frozen test set, stored
/// per example (so a rerun resumes without training again), priced at its measured compute, and placed against the LLM
/// arms in the decision.
/// </summary>
public class BaselineArmTests
{
    private static string WriteStudy(TempDirectory dir, string apiBase)
    {
        var train = new StringBuilder("id,text,label\n");
        var i = 0;
        foreach (var example in MlNetBaselineTrainerTests.Train)
            train.Append($"tr{i++},{example.Text},{example.Label}\n");
        var test = new StringBuilder("id,text,label\n");
        i = 0;
        foreach (var (text, label) in MlNetBaselineTrainerTests.HeldOut)
            test.Append($"te{i++},{text},{label}\n");
        File.WriteAllText(dir.File("train.csv"), train.ToString());
        File.WriteAllText(dir.File("test.csv"), test.ToString());
        var path = dir.File("study.yaml");
        File.WriteAllText(path, $$$"""
            name: baseline-study
            task: { kind: classification, train: train.csv, test: test.csv, input: text, expected: label }
            requirement: { metric: accuracy, target: 0.5 }
            models:
              echo: { provider: openai-compatible, base_url: {{{apiBase}}}, model: tw-echo, price: { input_per_mtok: 1, output_per_mtok: 1 } }
            arms:
              - { name: zero-shot, model: echo, prompt: { template: "{{text}}" } }
              - { name: knn, baseline: { kind: tfidf-knn, k: 1 } }
              - { name: logistic, baseline: logistic }
            metrics: [accuracy]
            """);
        return path;
    }

    private static StudyModels Models(TempDirectory dir) =>
        new(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, new SqliteResponseCache(dir.File("responses.db")), new SpendTracker(),
            new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

    [Fact]
    public async Task A_baseline_arm_is_scored_stored_priced_and_placed_against_the_llm_arms_and_a_rerun_does_not_train_again()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = StudyLoader.Load(WriteStudy(dir, server.ApiBase));
        var input = await StudyPreparation.PrepareAsync(study);
        var trainer = new CountingTrainer(new MlNetBaselineTrainer());
        Tunewise.Results.BaselineSummary firstRecord;
        await using (var store = await RunStore.OpenAsync(dir.File("runs.db")))
        {
            var run = new StudyRun(store, Models(dir).Get, options: new RunnerOptions { Concurrency = 2, Baselines = trainer });
            var report = await run.RunAsync(input);
            await run.ExportAsync(report, study, dir.File("out"));
            firstRecord = (await store.LoadAsync(report.Summary.RunId, BaselinePreparer.Artifact.For("knn")))!;
        }
        Assert.Equal(2, trainer.Trained);

        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arms = json.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        foreach (var name in new[] { "knn", "logistic" })
        {
            var arm = arms[name];
            Assert.Equal("baseline", arm.GetProperty("kind").GetString());
            Assert.Equal("completed", arm.GetProperty("status").GetString());
            var accuracy = arm.GetProperty("metrics").GetProperty("accuracy");
            Assert.Equal(1.0, accuracy.GetProperty("value").GetDouble());
            Assert.Equal(MlNetBaselineTrainerTests.HeldOut.Length, accuracy.GetProperty("n").GetInt32());
            Assert.True(accuracy.GetProperty("ci_low").GetDouble() < 1.0);
            Assert.StartsWith("measured compute", arm.GetProperty("cost_source").GetString());
            Assert.True(arm.GetProperty("one_off_cost").GetDecimal() > 0, "training is priced at its CPU seconds");
            var training = arm.GetProperty("baseline");
            Assert.Equal(MlNetBaselineTrainerTests.Train.Length, training.GetProperty("train_examples").GetInt32());
            Assert.True(training.GetProperty("training_cpu_seconds").GetDouble() > 0);
        }
        Assert.Equal("baseline:tfidf-knn", arms["knn"].GetProperty("model").GetString());
        Assert.False(arms["zero-shot"].TryGetProperty("baseline", out _));

        var baseline = json.RootElement.GetProperty("decision").GetProperty("result").GetProperty("baseline");
        var standing = baseline.GetProperty("standings").EnumerateArray().Single();
        Assert.Equal("zero-shot", standing.GetProperty("arm").GetString());
        Assert.Equal("below", standing.GetProperty("standing").GetString());
        Assert.True(baseline.GetProperty("baseline_meets_target").GetBoolean());
        Assert.Contains("zero-shot is below the baseline", File.ReadAllText(dir.File("out/report.md")));

        var rows = File.ReadAllLines(dir.File("out/results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.GetProperty("arm").GetString() == "logistic").ToList();
        Assert.Equal(MlNetBaselineTrainerTests.HeldOut.Length, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.GetProperty("expected").GetString(), r.GetProperty("output").GetString()));

        // The rerun finds every answer stored: nothing is trained, nothing is paid again.
        await using (var store = await RunStore.OpenAsync(dir.File("runs.db")))
        {
            var run = new StudyRun(store, Models(dir).Get, options: new RunnerOptions { Baselines = trainer });
            var again = await run.RunAsync(input);
            Assert.Equal(1.0, again.Summary.Arms.Single(a => a.Name == "knn").Metrics["accuracy"].Value);
            Assert.Equal(firstRecord, await store.LoadAsync(again.Summary.RunId, BaselinePreparer.Artifact.For("knn")));
        }
        Assert.Equal(2, trainer.Trained);
    }

    [Fact]
    public async Task A_build_that_cannot_train_baselines_stops_with_the_reason()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = StudyLoader.Load(WriteStudy(dir, server.ApiBase));
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        var run = new StudyRun(store, Models(dir).Get, options: new RunnerOptions { Baselines = new UnavailableBaselineTrainer(UnavailableBaselineTrainer.NativeBuildReason) });

        var error = await Assert.ThrowsAsync<UserInputException>(() => run.RunAsync(input));
        Assert.Contains("arm 'knn'", error.Message);
        Assert.Contains(MlNetBaselineTrainer.NativeBuildReason, error.Message);
    }

    private sealed class CountingTrainer(IBaselineTrainer inner) : IBaselineTrainer
    {
        public int Trained;

        public string? UnavailableReason => inner.UnavailableReason;

        public ITextClassifier Train(BaselineSpec spec, IReadOnlyList<LabelledText> train, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Trained);
            return inner.Train(spec, train, cancellationToken);
        }
    }

}
