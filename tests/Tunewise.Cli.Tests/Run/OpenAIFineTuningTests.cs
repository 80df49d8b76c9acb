using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console.Testing;
using Tunewise.FineTuning.Running;
using Tunewise.Progress;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Run;

/// <summary>The OpenAI fine-tuning backend's whole job lifecycle against a real local server that speaks the API.</summary>
public class OpenAIFineTuningTests
{
    private sealed class FineTuningApi
    {
        public int Uploads;
        public int Jobs;
        public int Polls;
        public List<string> UploadedLines { get; } = [];
        public Action<int>? OnPoll { get; set; }

        public Task<LocalServer> StartAsync() => LocalServer.StartAsync(routes =>
        {
            routes.MapPost("/v1/files", request =>
            {
                var form = request.Form();
                var lines = form["file"].Split('\n', StringSplitOptions.RemoveEmptyEntries);
                lock (UploadedLines) UploadedLines.AddRange(lines);
                var n = Interlocked.Increment(ref Uploads);
                return ReplayResponse.Json(new { id = $"file-{n}", purpose = form["purpose"] });
            });
            routes.MapPost("/v1/fine_tuning/jobs", request =>
            {
                var n = Interlocked.Increment(ref Jobs);
                return ReplayResponse.Json(new { id = $"ftjob-{n}", status = "validating_files", model = request.Node["model"]!.GetValue<string>() });
            });
            routes.MapGet("/v1/fine_tuning/jobs/{id}", request =>
            {
                var id = request.Path.Split('/')[^1];
                var n = Interlocked.Increment(ref Polls);
                OnPoll?.Invoke(n);
                return n < 3
                    ? ReplayResponse.Json(new { id, status = "running" })
                    : ReplayResponse.Json(new { id, status = "succeeded", fine_tuned_model = "ft:teacher:tunewise:abc", trained_tokens = 4321, created_at = 1000, finished_at = 1090 });
            });
            routes.MapPost("/v1/chat/completions", request =>
            {
                var body = request.Node;
                var tuned = body["model"]!.GetValue<string>().StartsWith("ft:", StringComparison.Ordinal);
                return ReplayResponse.ChatCompletion(tuned ? "good" : "bad", body["model"]!.GetValue<string>(), promptTokens: 5, completionTokens: 1, id: "x");
            });
        });
    }

    private static FineTuneJob Job(TempDirectory dir, string apiBase)
    {
        File.WriteAllText(dir.File("train.jsonl"), """
            {"id": "a", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "good"}]}
            {"id": "b", "messages": [{"role": "user", "content": "yo"}, {"role": "assistant", "content": "good"}]}
            """);
        return new FineTuneJob("ft", new ModelSpec("m", "openai-compatible", "teacher", apiBase), new FineTuneSpec { Epochs = 2 },
            dir.File("train.jsonl"), null, dir.File("out"), 13);
    }

    [Fact]
    public async Task A_run_stopped_while_polling_resumes_the_same_job_without_uploading_again()
    {
        using var dir = new TempDirectory();
        var api = new FineTuningApi();
        await using var server = await api.StartAsync();
        using var http = new HttpClient();
        var backend = new OpenAIFineTuneBackend(http, TimeSpan.FromMilliseconds(20));
        var job = Job(dir, new Uri(server.BaseAddress, "v1").ToString());
        using var stop = new CancellationTokenSource();
        api.OnPoll = n => { if (n == 1) stop.Cancel(); };

        Assert.ThrowsAny<OperationCanceledException>(() => backend.Train(job, NullProgressReporter.Instance, stop.Token));
        Assert.True(File.Exists(Path.Combine(job.OutputDirectory, OpenAIFineTuneBackend.StateFile)));
        api.OnPoll = null;

        var outcome = backend.Train(job, NullProgressReporter.Instance, CancellationToken.None);

        Assert.Equal(1, api.Uploads);
        Assert.Equal(1, api.Jobs);
        Assert.Equal("openai-compatible:ft:teacher:tunewise:abc", outcome.ModelReference);
        Assert.Equal("ftjob-1", outcome.JobId);
        Assert.Equal(4321, outcome.TrainedTokens);
        Assert.Equal(90, outcome.TrainingSeconds);
        // The upload holds only the messages, in the API's format, not Tunewise's example ids.
        Assert.All(api.UploadedLines, line => Assert.Equal(["messages"], JsonNode.Parse(line)!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task A_hosted_fine_tuning_arm_becomes_an_arm_scored_on_the_test_set()
    {
        using var dir = new TempDirectory();
        var api = new FineTuningApi();
        await using var server = await api.StartAsync();
        File.WriteAllText(dir.File("train.csv"), "id,text,label\n" + string.Concat(Enumerable.Range(0, 6).Select(i => $"tr{i},case {i},good\n")));
        File.WriteAllText(dir.File("test.csv"), "id,text,label\n" + string.Concat(Enumerable.Range(0, 4).Select(i => $"te{i},question {i},good\n")));
        File.WriteAllText(dir.File("study.yaml"), $$"""
            name: hosted
            task: { kind: generation, train: train.csv, test: test.csv, input: text, expected: label }
            models:
              m: { provider: openai-compatible, base_url: {{new Uri(server.BaseAddress, "v1")}}, model: teacher }
            arms:
              - { name: prompt, model: m }
              - { name: hosted-ft, model: m, finetune: { method: lora, epochs: 1 } }
            metrics: [exact_match]
            """);
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exit = Program.Run(["run", dir.File("study.yaml"), "--out", dir.File("out"), "--store", dir.File("runs.db")], console);

        Assert.True(exit == ExitCodes.Ok, console.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("out/report.json")));
        var arms = report.RootElement.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal(0.0, arms["prompt"].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        Assert.Equal(1.0, arms["hosted-ft"].GetProperty("metrics").GetProperty("exact_match").GetProperty("value").GetDouble());
        var tune = arms["hosted-ft"].GetProperty("fine_tune");
        Assert.Equal("ftjob-1", tune.GetProperty("job_id").GetString());
        Assert.Equal("openai-compatible:ft:teacher:tunewise:abc", tune.GetProperty("tuned_model").GetString());
        Assert.Equal(6, api.UploadedLines.Count);
        // Forgetting on the shipped general-skills suite, asked of the base and the tuned model.
        var forgetting = tune.GetProperty("forgetting");
        Assert.Equal(100, forgetting.GetProperty("items").GetInt32());
        Assert.Equal(0, forgetting.GetProperty("delta").GetDouble());
    }
}
