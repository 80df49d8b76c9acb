namespace Tunewise.Retrieval;

/// <summary>One query's gold documents and what the retriever returned for it, best first.</summary>
public sealed record RetrievalCase(IReadOnlyCollection<string> GoldDocumentIds, IReadOnlyList<RetrievedPassage> Retrieved);
