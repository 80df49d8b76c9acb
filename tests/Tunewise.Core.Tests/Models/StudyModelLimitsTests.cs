using System.Diagnostics;
using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models;

/// <summary>A study model's <c>limits:</c> reach its pipeline: calls in flight, the request rate, and the timeout floor.</summary>
public class StudyModelLimitsTests
{
    private static StudyModel Model(TempDirectory dir, string apiBase, ModelLimits limits) =>
        new StudyModels(ModelProviderRegistry.CreateDefault(), new ModelContext { BaseDirectory = dir.Path }, cache: null, new SpendTracker(),
            new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(2), MaxDelay = TimeSpan.FromMilliseconds(20) })
            .Get(new ModelSpec("m", "openai-compatible", "tw-echo", apiBase, Limits: limits));

    private static ReplayResponse Completion(string text) => ReplayResponse.ChatCompletion(text, "tw-echo", promptTokens: 3, completionTokens: 1);

    [Fact]
    public async Task Concurrency_caps_the_calls_in_flight_to_the_model()
    {
        var inFlight = 0;
        var most = 0;
        await using var server = await LocalServer.StartAsync(routes => routes.MapPost("/v1/chat/completions", async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (routes) most = Math.Max(most, now);
            await Task.Delay(100);
            Interlocked.Decrement(ref inFlight);
            return Completion("ok");
        }));
        using var dir = new TempDirectory();
        var model = Model(dir, new Uri(server.BaseAddress, "v1").ToString(), new ModelLimits { Concurrency = 2 });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => model.Client.GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")])));

        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Requests_per_minute_make_calls_wait_beyond_the_burst()
    {
        await using var server = await LocalServer.StartAsync(routes => routes.MapPost("/v1/chat/completions", _ => Completion("ok")));
        using var dir = new TempDirectory();
        // 600 a minute: a burst of ten seconds' worth (100) at once, then 10 a second, so 20 more take about 2 s.
        var model = Model(dir, new Uri(server.BaseAddress, "v1").ToString(), new ModelLimits { RequestsPerMinute = 600 });

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 120; i++)
            await model.Client.GetResponseAsync([new ChatMessage(ChatRole.User, $"q{i}")]);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"120 calls at 600 a minute took only {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task The_timeout_floor_comes_from_the_limits()
    {
        // A stall of 2 s: under the default 1 s floor it would be cut and sent again; under a 3 s floor it is waited for.
        // (A floor raised above the default, so that only a pause of over 3 s on a busy machine could upset the test.)
        var profile = new FaultProfile { Seed = 11, SlowRate = 0.3, SlowDelay = TimeSpan.FromSeconds(2) };
        var stall = Enumerable.Range(0, 500).Select(i => $"stall {i}")
            .First(q => FaultyOpenAIServer.FaultFor(profile, q, 1) == InjectedFault.Slow && FaultyOpenAIServer.FaultFor(profile, q, 2) == InjectedFault.None);
        var fast = Enumerable.Range(0, 500).Select(i => $"fast {i}").Where(q => FaultyOpenAIServer.FaultFor(profile, q, 1) == InjectedFault.None).Take(20);
        await using var server = await FaultyOpenAIServer.StartAsync(profile);
        using var dir = new TempDirectory();
        var model = Model(dir, server.ApiBase, new ModelLimits { TimeoutFloor = TimeSpan.FromSeconds(3) });
        foreach (var question in fast)
            await model.Client.GetResponseAsync([new ChatMessage(ChatRole.User, question)], new ChatOptions().WithLatencyGroup("arm"));

        var response = await model.Client.GetResponseAsync([new ChatMessage(ChatRole.User, stall)], new ChatOptions().WithLatencyGroup("arm"));

        Assert.Equal(FaultyOpenAIServer.AnswerFor(stall), response.Text);
        Assert.Equal(1, response.GetCallRecord()!.Attempts);
    }
}
