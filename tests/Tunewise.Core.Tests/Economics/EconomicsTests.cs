using Microsoft.Extensions.AI;
using Tunewise.Economics;

namespace Tunewise.Core.Tests.Economics;

public class EconomicsTests
{
    private static readonly TokenPrices Big = new(InputPerMillion: 2.5, OutputPerMillion: 10, CachedInputPerMillion: 1.25);

    [Fact]
    public void Cost_per_query_prices_uncached_cached_and_output_tokens_separately()
    {
        // (800 × 2.5 + 200 × 1.25 + 500 × 10) / 1e6 = (2000 + 250 + 5000) / 1e6
        var cost = CostModel.CostPerQuery(new TokenUsage(InputTokens: 1000, OutputTokens: 500, CachedInputTokens: 200), Big);
        Assert.Equal(0.00725, cost!.Value, 12);
    }

    [Fact]
    public void Unknown_needed_price_gives_no_cost_rather_than_zero()
    {
        var usage = new TokenUsage(1000, 500, 200);
        Assert.Null(CostModel.CostPerQuery(usage, new TokenPrices(2.5, null, 1.25)));
        Assert.Null(CostModel.CostPerQuery(usage, new TokenPrices(2.5, 10)));           // cached tokens, no cached price
        Assert.Null(CostModel.CostPerQuery(usage, TokenPrices.Unknown));
        Assert.Equal(0.0075, CostModel.CostPerQuery(new TokenUsage(1000, 500), new TokenPrices(2.5, 10))!.Value, 12); // nothing cached: not needed
        Assert.Equal(0, CostModel.CostPerQuery(usage, TokenPrices.Free));
        Assert.Null(CostModel.MonthlyCost(null, 1_000_000));
    }

    [Fact]
    public void Usage_totals_from_responses_average_per_query()
    {
        var total = TokenUsage.From(new UsageDetails { InputTokenCount = 1200, OutputTokenCount = 300, CachedInputTokenCount = 400 })
            + TokenUsage.From(new UsageDetails { InputTokenCount = 800, OutputTokenCount = 700 })
            + TokenUsage.From(null);

        Assert.Equal(new TokenUsage(1000, 500, 200), total.PerQuery(2));
        Assert.Throws<ArgumentException>(() => CostModel.CostPerQuery(new TokenUsage(10, 0, 20), Big));
    }

    [Fact]
    public void Monthly_cost_and_one_off_totals_match_hand_values()
    {
        Assert.Equal(14_500, CostModel.MonthlyCost(0.00725, 2_000_000)!.Value, 6);
        Assert.Equal(14_600, new ArmCost("lora", 500, 100, 0.00725).MonthlyCost(2_000_000)!.Value, 6);
        Assert.Equal(530, CostModel.TotalOneOff([new("training", 500), new("optimization", 30)]));
        Assert.Null(CostModel.TotalOneOff([new("training", 500), new("hosted fine-tune", null)]));
    }

    [Fact]
    public void Break_even_between_prompting_and_fine_tuning()
    {
        // 0 + 0.00725 q = 500 + 0.00025 q  →  q = 500 / 0.007 = 71,428.57…
        var result = BreakEven.Between(new CostLine("few-shot-big", 0, 0.00725), new CostLine("lora-small", 500, 0.00025));

        Assert.Equal(BreakEvenKind.Crosses, result.Kind);
        Assert.Equal(500 / 0.007, result.Volume!.Value, 6);
        Assert.Equal("few-shot-big", result.CheaperBelow);
        Assert.Equal("lora-small", result.CheaperAbove);
        Assert.Equal("few-shot-big is cheaper below 71,429 queries, lora-small above.", result.Explanation);
    }

    [Fact]
    public void Break_even_monthly_volume_over_a_horizon()
    {
        // 12 months: big 0 + 12·0.00725·Q; small 500 + 12·100 + 12·0.00025·Q → Q = 1700 / 0.084 = 20,238.1
        var result = BreakEven.MonthlyVolume(new ArmCost("big", 0, 0, 0.00725), new ArmCost("small", 500, 100, 0.00025), months: 12)!;

        Assert.Equal(1700 / 0.084, result.Volume!.Value, 6);
        Assert.Contains("Over 12 months, big is cheaper below 20,239 queries per month, small above.", result.Explanation);
        Assert.Null(BreakEven.MonthlyVolume(new ArmCost("big", 0, 0, null), new ArmCost("small", 500, 100, 0.00025), 12));
    }

    [Fact]
    public void Lines_that_do_not_cross_have_no_break_even()
    {
        var dominated = BreakEven.Between(new CostLine("a", 100, 0.001), new CostLine("b", 200, 0.002));
        Assert.Equal(BreakEvenKind.OneAlwaysCheaper, dominated.Kind);
        Assert.Null(dominated.Volume);
        Assert.Equal("a", dominated.CheaperBelow);
        Assert.Equal("a", dominated.CheaperAbove);

        var parallel = BreakEven.Between(new CostLine("a", 300, 0.001), new CostLine("b", 200, 0.001));
        Assert.Equal("b", parallel.CheaperAbove);
        Assert.Null(parallel.Volume);

        Assert.Equal(BreakEvenKind.Identical, BreakEven.Between(new CostLine("a", 1, 1), new CostLine("b", 1, 1)).Kind);
    }
}
