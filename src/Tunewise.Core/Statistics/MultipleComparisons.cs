using System.Globalization;

namespace Tunewise.Statistics;

/// <summary>
/// Corrections for comparing many arms at once: with 10 comparisons at α = 0.05, one spurious
/// "significant" result is expected by chance alone.
/// </summary>
public static class MultipleComparisons
{
    /// <summary>
    /// Holm–Bonferroni adjusted p-values (Holm, 1979), in the input order: sort ascending, multiply the
    /// i-th smallest (1-based) by m − i + 1, carry the running maximum so adjusted values stay monotone, cap at 1.
    /// Rejecting where the adjusted p is below α controls the family-wise error rate at α.
    /// </summary>
    public static double[] HolmAdjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
                throw new ArgumentException($"p-value at index {i} is {pValues[i]}; p-values lie in [0, 1].", nameof(pValues));
            order[i] = i;
        }
        Array.Sort(order, (x, y) => pValues[x].CompareTo(pValues[y]) is var c && c != 0 ? c : x.CompareTo(y));

        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /// <summary>The family with Holm-adjusted p-values attached; verdicts then use the adjusted values.</summary>
    public static IReadOnlyList<PairedComparison> Adjust(IReadOnlyList<PairedComparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var adjusted = HolmAdjust(comparisons.Select(c => c.PValue).ToArray());
        return comparisons.Select((c, i) => c with { AdjustedPValue = adjusted[i] }).ToArray();
    }

    /// <summary>A one-line note for reports that compare several arms; null when there is a single comparison.</summary>
    public static string? Note(int armCount, int comparisonCount, double alpha = 0.05)
    {
        if (comparisonCount <= 1)
            return null;
        var a = alpha.ToString("0.###", CultureInfo.InvariantCulture);
        var expected = (comparisonCount * alpha).ToString("0.#", CultureInfo.InvariantCulture);
        return $"{comparisonCount} comparisons among {armCount} arms: p-values are Holm–Bonferroni adjusted to keep the family-wise error rate at α = {a} " +
               $"(unadjusted, about {expected} false 'better' verdicts would be expected by chance).";
    }
}
