using Tunewise.Statistics;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Turns per-example scores into reported figures: a metric's estimate with its bootstrap interval, and
/// paired comparisons between arms. Unscorable examples are left out (and should be reported as errors);
/// for a comparison, an example counts only when both arms could be scored on it.
/// </summary>
public static class MetricEstimator
{
    public static async Task<IReadOnlyList<ScoreResult>> ScoreAllAsync(this IScorer scorer, IReadOnlyList<ScoreRequest> cases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(cases);
        var results = new ScoreResult[cases.Count];
        for (var i = 0; i < cases.Count; i++)
            results[i] = await scorer.ScoreAsync(cases[i], cancellationToken).ConfigureAwait(false);
        return results;
    }

    public static Estimate Estimate(IScorer scorer, IReadOnlyList<ScoreRequest> cases, IReadOnlyList<ScoreResult> results, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        var kept = Scorable(cases, results, null);
        if (scorer.Aggregate is { } aggregate)
        {
            var prepared = aggregate.Prepare(kept.Select(i => cases[i]).ToArray());
            return Bootstrap.Statistic(prepared.Count, prepared.Compute, options);
        }
        return Bootstrap.Mean(kept.Select(i => results[i].Value).ToArray(), options);
    }

    /// <summary>Arm A against arm B on the same examples, aligned by position.</summary>
    public static PairedComparison Compare(
        IScorer scorer,
        string armA, IReadOnlyList<ScoreRequest> casesA, IReadOnlyList<ScoreResult> resultsA,
        string armB, IReadOnlyList<ScoreRequest> casesB, IReadOnlyList<ScoreResult> resultsB,
        PairedComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (casesA.Count != casesB.Count)
            throw new ArgumentException($"Arms '{armA}' and '{armB}' must be compared on the same examples: got {casesA.Count} and {casesB.Count}.");
        var kept = Scorable(casesA, resultsA, resultsB);
        if (scorer.Aggregate is { } aggregate)
        {
            var preparedA = aggregate.Prepare(kept.Select(i => casesA[i]).ToArray());
            var preparedB = aggregate.Prepare(kept.Select(i => casesB[i]).ToArray());
            return PairedComparer.Compare(armA, armB, scorer.Name, kept.Length, preparedA.Compute, preparedB.Compute, options);
        }
        return PairedComparer.Compare(armA, armB, scorer.Name,
            kept.Select(i => resultsA[i].Value).ToArray(), kept.Select(i => resultsB[i].Value).ToArray(), options);
    }

    private static int[] Scorable(IReadOnlyList<ScoreRequest> cases, IReadOnlyList<ScoreResult> results, IReadOnlyList<ScoreResult>? other)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        if (cases.Count != results.Count || (other is not null && other.Count != cases.Count))
            throw new ArgumentException($"Expected one score per example: {cases.Count} examples, {results.Count} scores{(other is null ? "" : $" and {other.Count}")}.");
        var kept = new List<int>(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            if (!results[i].IsError && (other is null || !other[i].IsError))
                kept.Add(i);
        }
        return kept.ToArray();
    }
}
