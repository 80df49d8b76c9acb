using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models;

public class ReliabilityTests
{
    [Fact]
    public async Task A_thousand_calls_with_a_fifth_faulty_all_end_correct_or_recorded_and_are_billed_once()
    {
        const int calls = 1000;
        const int maxAttempts = 8;
        var profile = FaultProfile.Mixed(0.2, seed: 11, permanentRate: 0.01) with { SlowDelay = TimeSpan.FromSeconds(10) };
        await using var server = await FaultyOpenAIServer.StartAsync(profile);
        var records = new ConcurrentBag<CallRecord>();
        var client = FaultServerClients.Builder(server)
            .WithRetry(FaultServerClients.FastRetry(maxAttempts))
            .WithTimeout(new Tunewise.Models.Middleware.AdaptiveTimeout(new Tunewise.Models.Middleware.AdaptiveTimeoutOptions
            {
                Floor = TimeSpan.FromMilliseconds(300),
                Initial = TimeSpan.FromSeconds(1),
            }))
            .WithConcurrencyLimit(new SemaphoreSlim(16, 16))
            .WithPrice(new ModelPrice(1m, 1m))
            .WithCallRecords(records.Add)
            .Build();
        var outcomes = new ConcurrentDictionary<string, (string? Text, ModelCallException? Error)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            var question = $"question number {i}";
            try
            {
                var response = await client.GetResponseAsync(FaultServerClients.Ask(question), cancellationToken: token);
                outcomes[question] = (response.Text, null);
            }
            catch (ModelCallException ex)
            {
                outcomes[question] = (null, ex);
            }
        });

        Assert.Equal(calls, outcomes.Count);
        Assert.Equal(calls, records.Count);
        var permanent = 0;
        foreach (var (question, (text, error)) in outcomes)
        {
            if (FaultyOpenAIServer.IsPermanentFailure(profile, question))
            {
                permanent++;
                Assert.Equal(ModelCallErrorKind.BadRequest, error?.Kind);
            }
            else
            {
                Assert.True(error is null, $"{question}: {error?.Kind} {error?.Message}");
                Assert.Equal(FaultyOpenAIServer.AnswerFor(question), text);
            }

            Assert.InRange(server.RequestsFor(question), 1, maxAttempts);
        }

        Assert.InRange(permanent, 1, 40);
        Assert.True(server.TotalRequests > calls * 1.15, "faults were injected");
        var succeeded = records.Where(r => r.Succeeded).ToList();
        Assert.Equal(calls - permanent, succeeded.Count);
        var expectedTokens = outcomes.Keys.Where(q => !FaultyOpenAIServer.IsPermanentFailure(profile, q))
            .Sum(q => (long)FaultyOpenAIServer.UsageFor([q]).Prompt);
        Assert.Equal(expectedTokens, succeeded.Sum(r => r.InputTokens));
        Assert.Equal((expectedTokens + 7L * succeeded.Count) / 1_000_000m, succeeded.Sum(r => r.CostUsd));
        Assert.All(records.Where(r => !r.Succeeded), r => Assert.Null(r.CostUsd));
    }
}
