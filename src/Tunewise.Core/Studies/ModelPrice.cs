namespace Tunewise.Studies;

/// <summary>
/// List price in US dollars per million tokens, as a study's <c>price:</c> or the model catalog gives it, with where
/// it was read and when. Cached input costs the input price when a provider has no discount.
/// </summary>
public sealed record ModelPrice(decimal InputPerMTok, decimal OutputPerMTok)
{
    public decimal? CachedInputPerMTok { get; init; }

    /// <summary>URL or document name the price was read from.</summary>
    public string? Source { get; init; }

    public DateOnly? AsOf { get; init; }

    /// <summary>Dollars for one call. Cached tokens are part of <paramref name="inputTokens"/>, as providers report them.</summary>
    public decimal CostOf(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, inputTokens);
        var dollars = (inputTokens - cached) * InputPerMTok
                      + cached * (CachedInputPerMTok ?? InputPerMTok)
                      + outputTokens * OutputPerMTok;
        return dollars / 1_000_000m;
    }
}
