using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.FakeOpenAI;
using Tunewise.Studies;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatRole = Microsoft.Extensions.AI.ChatRole;

namespace Tunewise.Cli.Commands.Models;

/// <summary>
/// Runs the same workload through the full model pipeline against a local OpenAI-compatible server,
/// once without and once with injected faults, and prints the error share and the time ratio.
/// </summary>
public sealed class FaultsBenchCommand(IAnsiConsole console) : AsyncCommand<FaultsBenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, FaultsBenchSettings settings, CancellationToken cancellationToken)
    {
        // An adaptive timeout learns the endpoint's latency in a throwaway run (which also warms the JIT and connection
        // pools), then serves the measured runs, as a study keeps one per model and arm. Two are measured: a 250 ms floor,
        // the middleware on a server that answers in milliseconds, and a study's default options (a 1 s floor).
        var timeout = await WarmedAsync(new AdaptiveTimeoutOptions { Floor = TimeSpan.FromMilliseconds(250), Initial = TimeSpan.FromSeconds(2) }, settings, cancellationToken);
        var studyTimeout = await WarmedAsync(new AdaptiveTimeoutOptions(), settings, cancellationToken);
        var clean = await RunAsync(FaultProfile.None, timeout, settings, cancellationToken);
        var faulty = await RunAsync(FaultProfile.Mixed(settings.Rate, settings.Seed), timeout, settings, cancellationToken);
        var faultyStudy = await RunAsync(FaultProfile.Mixed(settings.Rate, settings.Seed), studyTimeout, settings, cancellationToken);

        var table = new Table().AddColumns("run", "calls", "requests", "errors", "wrong answers", "billed once", "wall time");
        var runs = new[]
        {
            ("no faults", clean),
            ($"{settings.Rate:P0} faults, floor 250 ms", faulty),
            ($"{settings.Rate:P0} faults, floor 1 s (a study's)", faultyStudy),
        };
        foreach (var (name, run) in runs)
        {
            table.AddRow(name, Invariant($"{settings.Calls}"), Invariant($"{run.Requests}"), Invariant($"{run.Errors} ({(double)run.Errors / settings.Calls:P1})"),
                Invariant($"{run.WrongAnswers}"), run.BilledOnce ? "yes" : "NO", Invariant($"{run.Elapsed.TotalSeconds:0.00} s"));
        }

        console.Write(table);
        console.MarkupLine(Invariant($"error share with faults: [bold]{(double)faulty.Errors / settings.Calls:P2}[/] and [bold]{(double)faultyStudy.Errors / settings.Calls:P2}[/] (goal 0%)"));
        console.MarkupLine(Invariant($"time ratio faults / no faults: [bold]{faulty.Elapsed / clean.Elapsed:0.00}x[/] at a 250 ms floor, [bold]{faultyStudy.Elapsed / clean.Elapsed:0.00}x[/] with a study's timeout (goal <= 3x)"));
        return ExitCodes.Ok;
    }

    private static async Task<AdaptiveTimeout> WarmedAsync(AdaptiveTimeoutOptions options, FaultsBenchSettings settings, CancellationToken cancellationToken)
    {
        var timeout = new AdaptiveTimeout(options);
        var warmUp = new FaultsBenchSettings { Calls = Math.Min(settings.Calls, 200), Concurrency = settings.Concurrency, MaxAttempts = settings.MaxAttempts };
        await RunAsync(FaultProfile.None, timeout, warmUp, cancellationToken);
        return timeout;
    }

    private static async Task<BenchRun> RunAsync(FaultProfile profile, AdaptiveTimeout timeout, FaultsBenchSettings settings,
        CancellationToken cancellationToken)
    {
        await using var server = await FaultyOpenAIServer.StartAsync(profile with { SlowDelay = TimeSpan.FromSeconds(10) }, cancellationToken);
        var reference = new ModelReference("openai-compatible", "tw-echo") { BaseUrl = server.ApiBase };
        var records = new ConcurrentBag<CallRecord>();
        var client = ModelPipelineBuilder.For(reference, ModelProviderRegistry.CreateDefault())
            .WithPrice(new ModelPrice(1m, 1m))
            .WithRetry(new RetryOptions
            {
                MaxAttempts = settings.MaxAttempts,
                BaseDelay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(100),
                MaxRetryAfter = TimeSpan.FromMilliseconds(500),
            })
            .WithConcurrencyLimit(new SemaphoreSlim(settings.Concurrency, settings.Concurrency))
            .WithTimeout(timeout)
            .WithCallRecords(records.Add)
            .Build();

        // Warm up the server, the client and the JIT so both runs measure steady state.
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "warm-up")], cancellationToken: cancellationToken);
        records.Clear();
        var answered = new ConcurrentBag<string>();
        var errors = 0;
        var wrong = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Calls),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var question = Invariant($"bench question {i}");
                try
                {
                    var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, question)], cancellationToken: token);
                    answered.Add(question);
                    if (response.Text != FaultyOpenAIServer.AnswerFor(question))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (ModelCallException)
                {
                    Interlocked.Increment(ref errors);
                }
            });
        clock.Stop();
        // Billed once: one successful record per answered call, with exactly that call's usage.
        var succeeded = records.Where(r => r.Succeeded).ToList();
        var expected = answered.Sum(q => (long)FaultyOpenAIServer.UsageFor([q]).Prompt);
        var billedOnce = succeeded.Count == answered.Count && succeeded.Sum(r => r.InputTokens) == expected;
        return new BenchRun(clock.Elapsed, server.TotalRequests - 1, errors, wrong, billedOnce);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record BenchRun(TimeSpan Elapsed, int Requests, int Errors, int WrongAnswers, bool BilledOnce);
}
