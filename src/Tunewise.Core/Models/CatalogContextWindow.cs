using Microsoft.Extensions.AI;

namespace Tunewise.Models;

/// <summary>
/// A hosted model's context window: the vendor's documented figure from the model catalog, counted with
/// <see cref="TokenEstimator"/> (exact for OpenAI's o200k models, an estimate for others).
/// </summary>
public sealed class CatalogContextWindow(int tokens, string source) : IModelContextWindow
{
    public int Tokens { get; } = tokens;

    public string Source { get; } = source;

    public string Counter => "estimate (o200k tokenizer)";

    public int Count(IReadOnlyList<ChatMessage> messages) => TokenEstimator.CountInput(messages);

    /// <summary>The catalog's window for a reference, or null when the catalog does not list the model or its context.</summary>
    public static CatalogContextWindow? For(ModelReference reference, ModelCatalog? catalog = null) =>
        (catalog ?? ModelCatalog.Default).Find(reference.Provider, reference.Model)?.ContextWindow is { } tokens
            ? new CatalogContextWindow(tokens, "model catalog context_window")
            : null;
}
