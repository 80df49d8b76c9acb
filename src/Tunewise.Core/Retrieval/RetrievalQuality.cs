using Tunewise.Data;
using Tunewise.Statistics;

namespace Tunewise.Retrieval;

/// <summary>Recall@k and MRR of a retriever where the gold documents of each query are known.</summary>
public static class RetrievalQuality
{
    /// <summary>Recall of one query at <paramref name="k"/>: gold documents seen in the top k passages over all gold documents.</summary>
    public static double RecallAt(RetrievalCase @case, int k)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (@case.GoldDocumentIds.Count == 0)
            return double.NaN;
        var gold = @case.GoldDocumentIds.ToHashSet(StringComparer.Ordinal);
        var found = @case.Retrieved.Take(k).Select(passage => passage.DocumentId).Where(gold.Contains).Distinct(StringComparer.Ordinal).Count();
        return (double)found / gold.Count;
    }

    /// <summary>1/rank of the first top-k passage from a gold document; 0 when there is none.</summary>
    public static double ReciprocalRankAt(RetrievalCase @case, int k)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (@case.GoldDocumentIds.Count == 0)
            return double.NaN;
        var gold = @case.GoldDocumentIds.ToHashSet(StringComparer.Ordinal);
        var limit = Math.Min(k, @case.Retrieved.Count);
        for (var rank = 0; rank < limit; rank++)
        {
            if (gold.Contains(@case.Retrieved[rank].DocumentId))
                return 1.0 / (rank + 1);
        }
        return 0;
    }

    public static RetrievalQualityReport Evaluate(IReadOnlyList<RetrievalCase> cases, int k, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var recalls = new List<double>(cases.Count);
        var reciprocalRanks = new List<double>(cases.Count);
        var withoutGold = 0;
        foreach (var @case in cases)
        {
            if (@case.GoldDocumentIds.Count == 0)
            {
                withoutGold++;
                continue;
            }
            recalls.Add(RecallAt(@case, k));
            reciprocalRanks.Add(ReciprocalRankAt(@case, k));
        }
        return new RetrievalQualityReport(
            k,
            Bootstrap.Mean(recalls.ToArray(), bootstrap),
            Bootstrap.Mean(reciprocalRanks.ToArray(), bootstrap),
            recalls.Count,
            withoutGold);
    }

    /// <summary>
    /// Runs <paramref name="retriever"/> on each example's <paramref name="queryField"/> and scores the
    /// results against the ids in <paramref name="goldField"/> (see <see cref="GoldDocuments.Parse"/>).
    /// </summary>
    public static async Task<RetrievalQualityReport> EvaluateAsync(
        IRetriever retriever,
        IReadOnlyList<Example> examples,
        string queryField,
        int k,
        string goldField = GoldDocuments.DefaultField,
        BootstrapOptions? bootstrap = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(examples);
        var cases = new List<RetrievalCase>(examples.Count);
        foreach (var example in examples)
        {
            var gold = GoldDocuments.Parse(example.Fields.GetValueOrDefault(goldField));
            if (gold.Count == 0)
            {
                cases.Add(new RetrievalCase(gold, []));
                continue;
            }
            var retrieved = await retriever.RetrieveAsync(example[queryField], k, cancellationToken).ConfigureAwait(false);
            cases.Add(new RetrievalCase(gold, retrieved));
        }
        return Evaluate(cases, k, bootstrap);
    }
}
