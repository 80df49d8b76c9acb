using Microsoft.Extensions.AI;
using Tunewise.Evaluation.Running;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Running;

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
        var timeouts = new AdaptiveTimeoutOptions { Floor = TimeSpan.FromMilliseconds(200), Initial = TimeSpan.FromSeconds(30), MinSamples = 5 };
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

        // The arm that learned a few-millisecond latency cuts the stall at its 200 ms floor and sends the call again.
        Assert.Equal(2, (await Ask(stalls[0], "short")).Attempts);
        // A new arm still has the 30 s initial timeout: its slow reply (2 s) is waited for, not cut by the other arm's figures.
        Assert.Equal(1, (await Ask(stalls[1], "long")).Attempts);
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
