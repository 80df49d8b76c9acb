using Tunewise.Models;
using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models.Middleware;

public class BudgetAndAccountingTests
{
    [Fact]
    public async Task Calls_that_could_pass_the_budget_are_refused_and_recorded()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        // $10 per million tokens either way: each call reserves ~$0.0011 (input + 100 output) and spends ~$0.0002.
        var spend = new SpendTracker(budgetUsd: 0.002m);
        var records = new List<CallRecord>();
        var client = FaultServerClients.Builder(server)
            .WithPrice(new ModelPrice(10m, 10m))
            .WithBudget(spend)
            .WithCallRecords(records.Add)
            .Build();
        var options = new Microsoft.Extensions.AI.ChatOptions { MaxOutputTokens = 100 };

        for (var i = 0; i < 12; i++)
        {
            try
            {
                await client.GetResponseAsync(FaultServerClients.Ask($"budget question {i}"), options);
            }
            catch (ModelCallException ex) when (ex.Kind == ModelCallErrorKind.BudgetExceeded)
            {
                Assert.Equal(0, ex.Attempts);
            }
        }

        var refused = records.Where(r => r.Error == ModelCallErrorKind.BudgetExceeded).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal(refused.Count, spend.SkippedCalls);
        Assert.Equal(12 - refused.Count, server.TotalRequests);
        Assert.True(spend.SpentUsd <= 0.002m);
        Assert.Equal(records.Where(r => r.Succeeded).Sum(r => r.CostUsd), spend.SpentUsd);
        Assert.Equal(0m, spend.ReservedUsd);
    }

    [Fact]
    public async Task Without_reported_usage_tokens_are_counted_with_the_tokenizer_and_marked_estimated()
    {
        await using var server = await FaultyOpenAIServer.StartAsync(new FaultProfile { OmitUsage = true });
        var records = new List<CallRecord>();
        var client = FaultServerClients.Builder(server).WithPrice(new ModelPrice(1m, 1m)).WithCallRecords(records.Add).Build();

        await client.GetResponseAsync(FaultServerClients.Ask("count these tokens for me please"));

        var record = Assert.Single(records);
        Assert.True(record.UsageEstimated);
        Assert.InRange(record.InputTokens, 7, 20);
        Assert.InRange(record.OutputTokens, 2, 12);
        Assert.Equal((record.InputTokens + record.OutputTokens) / 1_000_000m, record.CostUsd);
    }

    [Fact]
    public async Task A_model_without_a_price_has_unknown_cost_never_zero()
    {
        await using var server = await FaultyOpenAIServer.StartAsync();
        var spend = new SpendTracker(budgetUsd: 1m);
        var client = FaultServerClients.Builder(server).WithBudget(spend).Build();

        var response = await client.GetResponseAsync(FaultServerClients.Ask("free?"));

        Assert.Null(response.GetCallRecord()!.CostUsd);
        Assert.Equal(1, spend.UnpricedCalls);
    }
}
