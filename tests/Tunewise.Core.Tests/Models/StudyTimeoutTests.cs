using Microsoft.Extensions.AI;
using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Storage;
using Tunewise.Studies;
using Tunewise.Testing;
using Tunewise.Running;
using Tunewise.Data.Preparation;

namespace Tunewise.Core.Tests.Models;

/// <summary>
/// A study's network models time each attempt out, per arm: a stalled reply is cut and sent again once the arm has
/// learned its latency, and an arm that has not learned yet is not cut by another arm's fast replies.
/// </summary>
public class StudyTimeoutTests
{
    [Fact]
    public async Task A_stalled_reply_is_cut_and_retried_within_the_arm_that_learned_its_latency_and_only_there()
    {
        var profile = new FaultProfile { Seed = 5, SlowRate = 0.3, SlowDelay = TimeSpan.FromSeconds(2) };
        var stalls = Enumerable.Range(0, 500).Select(i => $"stall {i}")
            .Where(q => FaultyOpenAIServer.FaultFor(profile, q, 1) == InjectedFault.Slow && FaultyOpenAIServer.FaultFor(profile, q, 2) == InjectedFault.None)
            .Take(2).ToList();
        var fast = Enumerable.Range(0, 500).Select(i => $"fast {i}")
            .Where(q => FaultyOpenAIServer.FaultFor(profile, q, 1) == InjectedFault.None).Take(6).ToList();
        await using var server = await FaultyOpenAIServer.StartAsync(profile);
        using var dir = new TempDirectory();
        var timeouts = new AdaptiveTimeoutOptions { Floor = TimeSpan.FromMilliseconds(500), Initial = TimeSpan.FromSeconds(30), MinSamples = 5 };
        var models = new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, cache: null, new SpendTracker(),
            new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(2), MaxDelay = TimeSpan.FromMilliseconds(20) }, timeouts);
        var client = models.Get(new ModelSpec("m", "openai-compatible", "tw-echo", server.ApiBase)).Client;

        async Task<CallRecord> Ask(string question, string arm)
        {
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, question)], new ChatOptions().WithLatencyGroup(arm));
            Assert.Equal(FaultyOpenAIServer.AnswerFor(question), response.Text);
            return response.GetCallRecord()!;
        }

        foreach (var question in fast)
            await Ask(question, "short");

        // The arm that learned a few-millisecond latency cuts the stall at its 500 ms floor and sends the call again.
        Assert.Equal(2, (await Ask(stalls[0], "short")).Attempts);
        // A new arm still has the 30 s initial timeout: its slow reply (2 s) is waited for, not cut by the other arm's figures.
        Assert.Equal(1, (await Ask(stalls[1], "long")).Attempts);
    }

    /// <summary>
    /// Two arms on one model, one answered at once and one after 3 s: each arm learns its own latency, so the slow arm's
    /// ordinary replies are never cut by a timeout learned from the fast one's.
    /// </summary>
    [Fact]
    public async Task A_slow_arm_is_not_cut_by_the_timeout_a_fast_arm_on_the_same_model_learned()
    {
        var slowRequests = 0;
        await using var server = await LocalServer.StartAsync(routes => routes.MapPost("/v1/chat/completions", async request =>
        {
            var prompt = request.Node["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
            if (prompt.StartsWith("slow", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref slowRequests);
                await Task.Delay(3000);
            }
            return ReplayResponse.ChatCompletion("yes", "m", promptTokens: 3, completionTokens: 1);
        }));
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("test.jsonl"), string.Concat(Enumerable.Range(0, 12).Select(i => $$"""{"id": "t{{i}}", "text": "question {{i}}", "label": "yes"}""" + "\n")));
        File.WriteAllText(dir.File("study.yaml"), $$"""
            name: two-speeds
            task: { kind: generation, test: test.jsonl, input: text, expected: label }
            models:
              m: { provider: openai-compatible, base_url: {{new Uri(server.BaseAddress, "v1")}}, model: m, price: { input_per_mtok: 1, output_per_mtok: 1 } }
            arms:
              - { name: fast, model: m, prompt: { template: "fast {{"{{"}}text{{"}}"}}" } }
              - { name: slow, model: m, prompt: { template: "slow {{"{{"}}text{{"}}"}}" } }
            metrics: [exact_match]
            """);
        var input = await StudyPreparation.PrepareAsync(StudyLoader.Load(dir.File("study.yaml")));
        await using var store = await RunStore.OpenAsync(dir.File("runs.db"));
        var models = new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, cache: null, new SpendTracker(),
            new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(2), MaxDelay = TimeSpan.FromMilliseconds(20) },
            new AdaptiveTimeoutOptions { Floor = TimeSpan.FromSeconds(1), Initial = TimeSpan.FromSeconds(30), MinSamples = 5 });

        var report = await new StudyRun(store, models.Get, options: new RunnerOptions { Concurrency = 12 }).RunAsync(input);

        Assert.All(report.Summary.Arms, arm => Assert.Equal(0, arm.Errors));
        Assert.Equal(12, slowRequests);
    }

    [Fact]
    public void The_latency_group_is_not_part_of_the_cache_key()
    {
        ChatMessage[] messages = [new(ChatRole.User, "q")];
        Assert.Equal(ResponseCacheKey.Compute("m", messages, new ChatOptions().WithLatencyGroup("a")),
            ResponseCacheKey.Compute("m", messages, new ChatOptions().WithLatencyGroup("b")));
        Assert.Equal(ResponseCacheKey.Compute("m", messages, new ChatOptions()), ResponseCacheKey.Compute("m", messages, new ChatOptions().WithLatencyGroup("a")));
    }
}
