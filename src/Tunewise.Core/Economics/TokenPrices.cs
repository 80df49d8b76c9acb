namespace Tunewise.Economics;

/// <summary>
/// A model's token prices in USD per million tokens, as in a study's <c>price: { input_per_mtok, output_per_mtok }</c>.
/// A null price is unknown, and a cost that needs it is unknown too: never priced as free.
/// </summary>
public sealed record TokenPrices(double? InputPerMillion, double? OutputPerMillion, double? CachedInputPerMillion = null)
{
    /// <summary>Local models (lab, GGUF, a self-hosted server with no stated price) cost nothing per token.</summary>
    public static TokenPrices Free { get; } = new(0, 0, 0);

    public static TokenPrices Unknown { get; } = new(null, null, null);
}
