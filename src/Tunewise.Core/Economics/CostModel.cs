namespace Tunewise.Economics;

/// <summary>Prices token usage. Every function returns null when a price it needs is unknown.</summary>
public static class CostModel
{
    private const double TokensPerMillion = 1_000_000;

    /// <summary>
    /// USD for one query: uncached input × input price + cached input × cached price + output × output price.
    /// A price is needed only when its tokens are non-zero, so a model with no cached-input price is still
    /// priced when nothing was cached.
    /// </summary>
    public static double? CostPerQuery(TokenUsage perQuery, TokenPrices prices)
    {
        ArgumentNullException.ThrowIfNull(perQuery);
        ArgumentNullException.ThrowIfNull(prices);
        if (perQuery.InputTokens < 0 || perQuery.OutputTokens < 0 || perQuery.CachedInputTokens < 0)
            throw new ArgumentException($"Token counts cannot be negative: {perQuery}.", nameof(perQuery));
        if (perQuery.CachedInputTokens > perQuery.InputTokens)
            throw new ArgumentException($"Cached input tokens ({perQuery.CachedInputTokens}) are part of the input tokens ({perQuery.InputTokens}) and cannot exceed them.", nameof(perQuery));

        var uncached = perQuery.InputTokens - perQuery.CachedInputTokens;
        var cost = 0.0;
        if (!TryAdd(ref cost, uncached, prices.InputPerMillion)
            || !TryAdd(ref cost, perQuery.CachedInputTokens, prices.CachedInputPerMillion)
            || !TryAdd(ref cost, perQuery.OutputTokens, prices.OutputPerMillion))
            return null;
        return cost;
    }

    /// <summary>USD per month at a volume, plus any fixed monthly cost (hosting, a dedicated endpoint).</summary>
    public static double? MonthlyCost(double? costPerQuery, double queriesPerMonth, double fixedPerMonth = 0)
    {
        if (queriesPerMonth < 0)
            throw new ArgumentOutOfRangeException(nameof(queriesPerMonth), queriesPerMonth, "A monthly volume cannot be negative.");
        return costPerQuery is { } perQuery ? fixedPerMonth + perQuery * queriesPerMonth : null;
    }

    /// <summary>The sum of one-off costs (training runs, optimization runs), or null when any is unknown.</summary>
    public static double? TotalOneOff(IEnumerable<OneOffCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        var total = 0.0;
        foreach (var cost in costs)
        {
            if (cost.Amount is not { } amount)
                return null;
            total += amount;
        }
        return total;
    }

    private static bool TryAdd(ref double cost, double tokens, double? pricePerMillion)
    {
        if (tokens == 0)
            return true;
        if (pricePerMillion is not { } price)
            return false;
        cost += tokens * price / TokensPerMillion;
        return true;
    }
}
