using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Middleware;

public class HedgingTests
{
    [Fact]
    public async Task A_stalled_first_request_is_hedged_and_only_the_winner_is_billed()
    {
        var profile = new FaultProfile { Seed = 3, SlowRate = 0.5, SlowDelay = TimeSpan.FromSeconds(10) };
        var question = Enumerable.Range(0, 200).Select(i => $"hedge me {i}").First(q =>
            FaultyOpenAIServer.FaultFor(profile, q, 1) == InjectedFault.Slow &&
            FaultyOpenAIServer.FaultFor(profile, q, 2) == InjectedFault.None);
        await using var server = await FaultyOpenAIServer.StartAsync(profile);
        var spend = new SpendTracker(budgetUsd: 1m);
        var records = new List<CallRecord>();
        var client = FaultServerClients.Builder(server)
            .WithTimeout(new AdaptiveTimeout(new AdaptiveTimeoutOptions { Initial = TimeSpan.FromSeconds(30) }))
            .WithHedging(new HedgingOptions { Delay = TimeSpan.FromMilliseconds(150) })
            .WithPrice(new ModelPrice(1m, 1m))
            .WithBudget(spend, assumedMaxOutputTokens: 100)
            .WithCallRecords(records.Add)
            .Build();

        var response = await client.GetResponseAsync(FaultServerClients.Ask(question), new ChatOptions().WithRepeatIndex(1));

        Assert.Equal(FaultyOpenAIServer.AnswerFor(question), response.Text);
        Assert.Equal(2, server.RequestsFor(question));
        var record = Assert.Single(records);
        Assert.Equal(1, record.HedgedRequests);
        Assert.Equal(FaultyOpenAIServer.UsageFor([question]).Prompt, record.InputTokens);
        Assert.Equal(7, record.OutputTokens);
        Assert.Equal(record.CostUsd, spend.SpentUsd);
        Assert.Equal(0m, spend.ReservedUsd);
    }
}
