namespace Tunewise.Retrieval;

/// <summary>Finds the passages most relevant to a query. Implementations are safe to call concurrently.</summary>
public interface IRetriever
{
    /// <summary>The <paramref name="topK"/> best passages, best first; empty when nothing matches.</summary>
    Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, CancellationToken cancellationToken = default);
}
