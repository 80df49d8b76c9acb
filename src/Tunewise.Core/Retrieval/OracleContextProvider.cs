using Tunewise.Data;

namespace Tunewise.Retrieval;

/// <summary>
/// The context a perfect retriever would give: the example's own gold passage (field
/// <see cref="ContextField"/>), or else the text of its gold documents (ids in
/// <see cref="GoldField"/>). An oracle arm uses it to measure how far knowledge alone can go.
/// </summary>
public sealed class OracleContextProvider
{
    private readonly IReadOnlyDictionary<string, SourceDocument> _documents;
    private readonly ContextRenderer _renderer;

    /// <param name="documents">The corpus that gold ids refer to; may be empty when every example carries its context.</param>
    public OracleContextProvider(
        IEnumerable<SourceDocument> documents,
        ContextRenderer? renderer = null,
        string contextField = "context",
        string goldField = GoldDocuments.DefaultField)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _documents = documents.ToDictionary(document => document.Id, StringComparer.Ordinal);
        _renderer = renderer ?? new ContextRenderer();
        ContextField = contextField;
        GoldField = goldField;
    }

    public string ContextField { get; }
    public string GoldField { get; }

    /// <summary>The oracle passages of <paramref name="example"/>, best (the example's own) first.</summary>
    /// <exception cref="UserInputException">The example has neither field, or names a document the corpus lacks.</exception>
    public IReadOnlyList<RetrievedPassage> GetPassages(Example example)
    {
        ArgumentNullException.ThrowIfNull(example);
        if (example.Fields.TryGetValue(ContextField, out var context) && !string.IsNullOrWhiteSpace(context))
            return [new RetrievedPassage(example.Id, 0, context.Trim(), 1)];

        var gold = GoldDocuments.Parse(example.Fields.GetValueOrDefault(GoldField));
        if (gold.Count == 0)
        {
            throw new UserInputException(
                $"{example.Source}: example '{example.Id}' has no '{ContextField}' or '{GoldField}' field; an oracle-context arm needs the gold passage or the gold document id.");
        }
        var passages = new List<RetrievedPassage>(gold.Count);
        foreach (var id in gold)
        {
            if (!_documents.TryGetValue(id, out var document))
                throw new UserInputException($"{example.Source}: example '{example.Id}' field '{GoldField}' names document '{id}', which is not in the corpus.");
            passages.Add(new RetrievedPassage(document.Id, 0, document.Text, 1));
        }
        return passages;
    }

    /// <summary>The oracle passages rendered for the <c>{{context}}</c> placeholder.</summary>
    public string GetContext(Example example) => _renderer.RenderContext(GetPassages(example));
}
