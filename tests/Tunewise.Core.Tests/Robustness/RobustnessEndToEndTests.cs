using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using Tunewise.Data;
using Tunewise.Evaluation.Scoring;
using Tunewise.Progress;
using Tunewise.Robustness;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Robustness;

/// <summary>
/// A robustness check through the real model call path: an OpenAI-compatible server on 127.0.0.1 whose
/// "model" is sensitive to the label separator, reached through Microsoft.Extensions.AI.OpenAI.
/// </summary>
public sealed class RobustnessEndToEndTests
{
    /// <summary>
    /// The planted model: with "Label: value" it answers every example right; with "Label - value" only
    /// the examples marked "even"; with the label on its own line it answers "unsure". It ignores case.
    /// </summary>
    private static string PlantedAnswer(string prompt, IReadOnlyList<Example> examples)
    {
        var example = examples.Single(e => prompt.Contains(e["text"], StringComparison.Ordinal));
        if (prompt.Contains(": " + example["text"], StringComparison.Ordinal))
            return example["label"];
        if (prompt.Contains(" - " + example["text"], StringComparison.Ordinal) && example["text"].Contains("even", StringComparison.Ordinal))
            return example["label"];
        return "unsure";
    }

    private static List<Example> Examples() =>
    [
        .. Enumerable.Range(1, 10).Select(i => new Example($"e{i}",
            new Dictionary<string, string> { ["text"] = $"review {i} is {(i % 2 == 0 ? "even" : "odd")}", ["label"] = i % 3 == 0 ? "negative" : "positive" },
            new SourceLocation("reviews.csv", i + 1))),
    ];

    [Fact]
    public async Task The_spread_found_is_the_planted_separator_effect()
    {
        var examples = Examples();
        var requests = 0;
        await using var server = await LocalServer.StartAsync(routes => routes.MapPost("/v1/chat/completions", request =>
        {
            Interlocked.Increment(ref requests);
            var body = request.Node;
            var prompt = body["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.GetValue<string>();
            return ReplayResponse.ChatCompletion(PlantedAnswer(prompt, examples), body["model"]!.GetValue<string>(), promptTokens: 10, completionTokens: 1,
                id: "chatcmpl-1", created: 1_700_000_000);
        }));
        using var client = new OpenAI.Chat.ChatClient("planted", new ApiKeyCredential("unused"),
            new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") }).AsIChatClient();

        var prompt = new RobustnessPrompt
        {
            Arm = "zero-shot",
            Kind = TaskKind.Classification,
            Instruction = "Classify the sentiment of the review. Answer positive or negative.",
            InputFields = ["text"],
            ExpectedField = "label",
        };
        var options = RobustnessOptions.Default with { Perturbations = ["separator", "case"], Variants = 4, Resamples = 500 };
        var progress = new RecordingProgress();

        var report = await RobustnessCheck.RunAsync(prompt, examples, new ChatVariantEvaluator(client, new ExactMatchScorer()), options, progress, CancellationToken.None);

        Assert.Equal(50, requests);
        Assert.Equal(50, report.Calls);
        Assert.Equal(10, report.Examples);
        Assert.Equal(
            [("baseline", 1.0), ("separator 1", 0.5), ("case 1", 1.0), ("separator 2", 0.0), ("case 2", 1.0)],
            report.Variants.Select(v => (v.Name, v.Score.Value)));
        Assert.Equal(new Tunewise.Statistics.Estimate(1, 1, 1, 10), report.Spread);
        Assert.Equal("separator 2", report.WorstVariant);
        Assert.Equal(0, report.Agreement.Value);
        Assert.Equal("separator", report.MostSensitive);
        Assert.Equal(0, Assert.Single(report.Perturbations, p => p.Perturbation == "case").Spread.Value);
        Assert.Equal(5, progress.Increments);

        var before = requests;
        var budgeted = await RobustnessCheck.RunAsync(prompt, examples, new ChatVariantEvaluator(client, new ExactMatchScorer()),
            options with { MaxCalls = 20 }, progress, CancellationToken.None);
        Assert.Equal(20, requests - before);
        Assert.Equal(["baseline", "separator 1"], budgeted.Variants.Select(v => v.Name));
        Assert.Contains(budgeted.Notes, n => n.Contains("max_calls 20 allows 1 perturbed variant(s)", StringComparison.Ordinal));
    }

    /// <summary>What the runner does for a variant: render, call the model, score against the gold field.</summary>
    private sealed class ChatVariantEvaluator(IChatClient client, IScorer scorer) : IVariantEvaluator
    {
        public async Task<IReadOnlyList<VariantResult>> EvaluateAsync(PromptVariant variant, IReadOnlyList<Example> examples, CancellationToken cancellationToken)
        {
            var results = new List<VariantResult>();
            foreach (var example in examples)
            {
                var response = await client.GetResponseAsync(variant.Render(example), cancellationToken: cancellationToken);
                var score = await scorer.ScoreAsync(new ScoreRequest(response.Text, example[variant.Prompt.ExpectedField]), cancellationToken);
                results.Add(new VariantResult(example.Id, response.Text, score.Value));
            }
            return results;
        }
    }

    private sealed class RecordingProgress : IProgressReporter, IProgressTask
    {
        public double Increments { get; private set; }

        public IProgressTask Start(string description, double total) => this;

        public void Increment(double amount = 1) => Increments += amount;

        public void Describe(string description) { }

        public void Dispose() { }
    }
}
