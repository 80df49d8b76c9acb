using Tunewise.Studies;

namespace Tunewise.Models;

/// <summary>What the catalog knows about one model. <see cref="Price"/> is null when there is no list price.</summary>
public sealed record CatalogEntry(string Provider, string Model)
{
    public long? Parameters { get; init; }

    public int? ContextWindow { get; init; }

    public ModelPrice? Price { get; init; }

    /// <summary><c>tokens</c> for list-priced models, <c>compute</c> for local models costed by compute time.</summary>
    public string PricedBy { get; init; } = "tokens";

    public string Id => $"{Provider}:{Model}";
}
