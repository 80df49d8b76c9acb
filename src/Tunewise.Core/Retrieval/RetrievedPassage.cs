namespace Tunewise.Retrieval;

/// <summary>A passage a retriever found for a query, with its BM25 score (higher is more relevant).</summary>
public sealed record RetrievedPassage(string DocumentId, int ChunkIndex, string Text, double Score);
