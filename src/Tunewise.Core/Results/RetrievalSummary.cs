namespace Tunewise.Results;

/// <summary>How well a retrieval arm found the gold documents (<c>gold_doc</c>) of the test examples.</summary>
public sealed record RetrievalSummary(int K, MetricEstimate RecallAtK, MetricEstimate Mrr);
