namespace Tunewise.Evaluation.Running;

/// <summary>How well a retrieval arm found the gold documents (<c>gold_doc</c>) of the test examples.</summary>
public sealed record RetrievalReport(int K, MetricValue RecallAtK, MetricValue Mrr);
