using Tunewise.Statistics;

namespace Tunewise.Retrieval;

/// <summary>
/// How well a retriever finds the gold documents. <see cref="RecallAtK"/> is the mean share of each
/// query's gold documents among its top-k passages; <see cref="MeanReciprocalRank"/> averages
/// 1/rank of the first passage from a gold document (0 when none is in the top k). Both carry
/// bootstrap confidence intervals. Queries with no gold documents are counted, not scored.
/// </summary>
public sealed record RetrievalQualityReport(int K, Estimate RecallAtK, Estimate MeanReciprocalRank, int QueriesScored, int QueriesWithoutGold);
