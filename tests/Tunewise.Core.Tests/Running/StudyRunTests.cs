using System.Text.Json;
using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Running;
using Tunewise.Reports;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Running;

public class StudyRunTests
{
    private static StudyModels Models(TempDirectory dir) =>
        new(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, new SqliteResponseCache(dir.File("responses.db")), new SpendTracker(),
            new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });

    [Fact]
    public async Task Zero_and_few_shot_arms_run_end_to_end_and_write_contract_outputs()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { RateLimitRate = 0.05, ServerErrorRate = 0.05, UnavailableRate = 0.05 });
        var study = StudyLoader.Load(RunningStudy.Write(dir, server.ApiBase,
            "  - { name: lora, model: echo, finetune: { method: lora, rank: 8 } }"));
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));

        var run = new StudyRun(store, Models(dir).Get, options: new RunnerOptions { Concurrency = 4 });
        var report = await run.RunAsync(input);
        var outDir = dir.File("out");
        await run.ExportAsync(report, study, outDir);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var root = json.RootElement;
        Assert.Equal("runner-study", root.GetProperty("study").GetString());
        Assert.Equal(input.Frozen.Hash, root.GetProperty("test_hash").GetString());
        Assert.Equal("computed", root.GetProperty("decision").GetProperty("status").GetString());
        Assert.Equal("requirement_not_met", root.GetProperty("decision").GetProperty("result").GetProperty("recommendation").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("curation").ValueKind);
        var arms = root.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        var zero = arms["zero-shot"].GetProperty("metrics").GetProperty("exact_match");
        Assert.Equal(0.5, zero.GetProperty("value").GetDouble(), 6);
        Assert.Equal(RunningStudy.TestCount, zero.GetProperty("n").GetInt32());
        Assert.True(zero.GetProperty("ci_low").GetDouble() < 0.5 && zero.GetProperty("ci_high").GetDouble() > 0.5);
        Assert.Equal(0.0, arms["few-shot"].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        Assert.Equal(0, arms["zero-shot"].GetProperty("errors").GetInt32());
        Assert.True(arms["zero-shot"].GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, arms["zero-shot"].GetProperty("cost").ValueKind);
        Assert.True(arms["zero-shot"].GetProperty("latency_p95_ms").GetDouble() >= arms["zero-shot"].GetProperty("latency_p50_ms").GetDouble());
        Assert.Equal("not_run", arms["lora"].GetProperty("status").GetString());
        Assert.Equal(Tunewise.FineTuning.Running.FineTuneStage.NoBackendReason, arms["lora"].GetProperty("reason").GetString());

        var exact = root.GetProperty("comparisons").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "exact_match");
        Assert.Equal("exact McNemar", exact.GetProperty("test").GetString());
        Assert.Equal("ABetter", exact.GetProperty("verdict").GetString());
        Assert.True(exact.GetProperty("p_value").GetDouble() < 0.05);

        var lines = File.ReadAllLines(Path.Combine(outDir, "results.jsonl"));
        Assert.Equal(2 * RunningStudy.TestCount, lines.Length);
        using var line = JsonDocument.Parse(lines[0]);
        foreach (var field in new[] { "id", "arm", "output", "expected", "score", "error", "repeat", "prompt" })
            Assert.True(line.RootElement.TryGetProperty(field, out _), field);
        Assert.Contains("zero-shot", File.ReadAllText(Path.Combine(outDir, "report.md")));
        var reread = StudyReport.FromJson(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.Equal(0.5, reread.Summary.Arms.Single(a => a.Name == "zero-shot").Metrics["exact_match"].Value);
        Assert.Equal(2 * RunningStudy.TestCount, server.TotalAnswers);
    }

    [Fact]
    public async Task A_cancelled_run_resumes_without_repeating_finished_calls()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var study = StudyLoader.Load(RunningStudy.Write(dir, server.ApiBase));
        var input = await StudyPreparation.PrepareAsync(study);

        using (var cancel = new CancellationTokenSource())
        {
            await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
            var stored = 0;
            var runner = new StudyRun(store, Models(dir).Get, options: new RunnerOptions
            {
                Concurrency = 1,
                OnResult = _ => { if (++stored == 7) cancel.Cancel(); },
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(input, cancel.Token));
            Assert.Equal(7, server.TotalRequests);
        }

        await using (var store = await RunStore.OpenAsync(dir.File("runs.db")))
        {
            // A fresh pipeline and a fresh cache instance: only the run store can prevent repeats.
            var run = new StudyRun(store, Models(dir).Get);
        var report = await run.RunAsync(input);
            Assert.True(report.Summary.Completed);
            Assert.All(report.Summary.Arms, a => Assert.Equal(RunningStudy.TestCount, a.Examples));
        }
        Assert.Equal(2 * RunningStudy.TestCount, server.TotalRequests);
        for (var i = 0; i < RunningStudy.TestCount; i++)
            Assert.Equal(1, server.RequestsFor(RunningStudy.TestText(i)));
    }

    [Fact]
    public async Task An_arm_whose_calls_all_fail_stops_early_with_the_error()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { PermanentFailureRate = 1.0 });
        var study = StudyLoader.Load(RunningStudy.Write(dir, server.ApiBase));
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));

        var runner = new StudyRun(store, Models(dir).Get, options: new RunnerOptions { Concurrency = 1, FailFastAfter = 5 });
        var error = await Assert.ThrowsAsync<UserInputException>(() => runner.RunAsync(input));

        Assert.Contains("zero-shot", error.Message);
        Assert.Equal(5, server.TotalRequests);
    }
}
