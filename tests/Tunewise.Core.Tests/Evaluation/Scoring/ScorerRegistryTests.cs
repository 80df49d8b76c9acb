using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using Tunewise.Evaluation.Scoring;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Evaluation.Scoring;

public class ScorerRegistryTests
{
    [Fact]
    public void Every_built_in_metric_name_resolves_to_a_scorer_of_that_name()
    {
        var registry = ScorerRegistry.CreateDefault();
        var options = new ScorerOptions { Pattern = "x", JsonSchema = "{}", Rubric = "r", JudgeClient = NeverCalledJudge() };

        foreach (var name in MetricNames.All)
            Assert.Equal(name, registry.Create(name, options).Name);
        Assert.Equal(MetricNames.All.Order(StringComparer.Ordinal), registry.Names.Order(StringComparer.Ordinal));
        Assert.Equal("macro_f1", registry.Create("Macro-F1").Name);
    }

    [Theory]
    [InlineData(TaskKind.Classification, new[] { "accuracy", "macro_f1" })]
    [InlineData(TaskKind.Extraction, new[] { "field_f1", "exact_match" })]
    [InlineData(TaskKind.Generation, new[] { "rouge_l" })]
    [InlineData(TaskKind.Qa, new[] { "token_f1", "exact_match" })]
    public void Task_kinds_have_the_documented_default_metrics(TaskKind kind, string[] expected)
    {
        // docs/study-file.md, "metrics": the one list the study builder and the runner both read.
        Assert.Equal(expected, MetricNames.DefaultsFor(kind));
    }

    [Fact]
    public void Unknown_metric_lists_the_known_ones()
    {
        var error = Assert.Throws<UserInputException>(() => ScorerRegistry.CreateDefault().Create("bleu"));
        Assert.Contains("'bleu'", error.Message);
        Assert.Contains("rouge_l", error.Message);
    }

    [Fact]
    public void Metrics_that_need_configuration_say_which_option_is_missing()
    {
        var registry = ScorerRegistry.CreateDefault();
        Assert.Contains("pattern", Assert.Throws<UserInputException>(() => registry.Create("regex")).Message);
        Assert.Contains("schema", Assert.Throws<UserInputException>(() => registry.Create("json_schema_valid")).Message);
        Assert.Contains("judge model", Assert.Throws<UserInputException>(() => registry.Create("judge")).Message);
    }

    [Fact]
    public async Task Custom_scorer_plugs_in_by_name_and_is_estimated_like_a_built_in()
    {
        var registry = ScorerRegistry.CreateDefault()
            .Register("polite", options => new PolitenessScorer(options.Settings.GetValueOrDefault("word", "please")));
        var scorer = registry.Create("polite", new ScorerOptions { Settings = new Dictionary<string, string> { ["word"] = "thanks" } });
        ScoreRequest[] cases = [new("Thanks, done.", null), new("Done.", null), new("thanks!", null), new("ok", null)];

        var results = await scorer.ScoreAllAsync(cases);
        var estimate = MetricEstimator.Estimate(scorer, cases, results);

        Assert.True(registry.Contains("POLITE"));
        Assert.Equal([1.0, 0, 1, 0], results.Select(r => r.Value));
        Assert.Equal(0.5, estimate.Value);
        Assert.Equal(4, estimate.N);
    }

    [Fact]
    public void Unscorable_examples_are_left_out_of_the_estimate_not_counted_as_zero()
    {
        var scorer = new ExactMatchScorer();
        ScoreRequest[] cases = [new("a", "a"), new("b", null), new("c", "c"), new("d", "x")];
        var results = cases.Select(scorer.Score).ToArray();

        var estimate = MetricEstimator.Estimate(scorer, cases, results);

        Assert.Equal(3, estimate.N);
        Assert.Equal(2.0 / 3, estimate.Value, 12);
    }

    private sealed class PolitenessScorer(string word) : ScorerBase("polite")
    {
        public override ScoreResult Score(ScoreRequest request) =>
            ScoreResult.Binary(request.Output.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    // A real OpenAI-compatible client aimed at a closed port: constructing the judge must not call it.
    private static IChatClient NeverCalledJudge() =>
        new OpenAI.Chat.ChatClient("judge", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1") })
            .AsIChatClient();
}
