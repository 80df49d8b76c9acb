using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Running;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Data.Preparation;
using Tunewise.Core.Tests.Studies;

namespace Tunewise.Core.Tests.Running;

/// <summary><c>prompt: { raw: true }</c>: the rendered prompt as plain text to continue, on <c>/v1/completions</c>.</summary>
public class CompletionModeTests
{
    [Fact]
    public async Task A_raw_arm_sends_its_prompt_to_the_completions_endpoint_as_plain_text_and_is_scored_and_cached_apart_from_chat()
    {
        using var dir = new TempDirectory();
        await using var server = await FaultyOpenAIServer.StartAsync();
        var path = RunningStudy.Write(dir, server.ApiBase, """
              - { name: raw, model: echo, prompt: { template: "{{text}}", raw: true } }
              - { name: raw-system, model: echo, prompt: { template: "{{text}}", system: "Continue the request.", raw: true } }
            """);
        var study = StudyLoader.Load(path);
        var input = await StudyPreparation.PrepareAsync(study);
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        var models = new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path },
            new SqliteResponseCache(dir.File("responses.db")), new SpendTracker());

        var report = await new StudyRun(store, models.Get).RunAsync(input);
        var requests = server.TotalRequests;

        var arms = report.Summary.Arms.ToDictionary(a => a.Name);
        // The server answers each text as it answers a chat turn with the same text: the raw arm scores as zero-shot does,
        // though the response cache held zero-shot's answers to the same text (completion mode is part of the key).
        Assert.Equal(arms["zero-shot"].Metrics["exact_match"].Value, arms["raw"].Metrics["exact_match"].Value);
        Assert.Equal(0.5, arms["raw"].Metrics["exact_match"].Value);
        Assert.Equal(2 * RunningStudy.TestCount, server.TextCompletionRequests);
        var results = new List<ExampleResult>();
        await foreach (var result in store.ReadResultsAsync(report.Summary.RunId, "raw-system"))
            results.Add(result);
        var first = input.Split.Test[0];
        var sent = results.Single(r => r.ExampleId == first.Id);
        // The system text comes first, in the one text, with no role markers.
        Assert.Equal("Continue the request.\n\n" + first.Fields["text"], sent.Prompt);
        Assert.Equal(FaultyOpenAIServer.AnswerFor(sent.Prompt!), sent.Output);
        Assert.Equal(1, server.RequestsFor(sent.Prompt!));

        await new StudyRun(store, models.Get).RunAsync(input);
        Assert.Equal(requests, server.TotalRequests);
    }

    [Fact]
    public void Raw_is_refused_where_there_is_no_completion_mode_and_beside_what_only_chat_carries()
    {
        using var files = new StudyFiles();
        var yaml = """
            name: x
            task: { kind: classification, train: data/train.csv, test: data/test.csv, input: text, expected: label }
            models: { claude: anthropic:claude-3-5-haiku-latest, llama: ollama:llama3.1:8b, tiny: lab:tw-base }
            arms:
              - { name: a, model: claude, prompt: { raw: true } }
              - { name: b, model: llama, prompt: { raw: true } }
              - { name: c, model: tiny, prompt: { raw: true, response_format: json } }
              - { name: d, model: tiny, constrain: labels, prompt: { raw: true } }
              - { name: e, model: tiny, prompt: { raw: true }, finetune: lora }
              - { name: f, model: tiny, prompt: { raw: true, few_shot: 2 } }
            """;

        var lines = StudyFiles.Lines(files.Check(yaml));

        Assert.Contains(lines, l => l.StartsWith("5:", StringComparison.Ordinal) && l.Contains("prompt.raw (completion mode) is not available for provider 'anthropic'"));
        Assert.Contains(lines, l => l.StartsWith("6:", StringComparison.Ordinal) && l.Contains("provider openai-compatible with base_url http://HOST:11434/v1"));
        Assert.Contains(lines, l => l.StartsWith("7:", StringComparison.Ordinal) && l.Contains("cannot be combined with prompt.response_format"));
        Assert.Contains(lines, l => l.StartsWith("8:", StringComparison.Ordinal) && l.Contains("cannot be combined with constrain"));
        Assert.Contains(lines, l => l.StartsWith("9:", StringComparison.Ordinal) && l.Contains("a fine-tuned arm trains and answers on chat turns"));
        Assert.DoesNotContain(lines, l => l.StartsWith("10:", StringComparison.Ordinal));
        Assert.True(StudySchemaTests.Evaluate(yaml.Split("arms:")[0] + "arms:\n  - { name: f, model: tiny, prompt: { raw: true, few_shot: 2 } }\n").IsValid);
    }
}
