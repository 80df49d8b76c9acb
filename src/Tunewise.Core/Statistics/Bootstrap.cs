using System.Runtime.CompilerServices;

namespace Tunewise.Statistics;

/// <summary>
/// Percentile bootstrap confidence intervals (Efron &amp; Tibshirani, 1993, ch. 13): resample the examples
/// with replacement, recompute the statistic, and read the interval off the resampled distribution.
/// Works for a mean of per-example scores and for any set-level metric (macro-F1, micro field-F1),
/// which is recomputed on each resample of example indices.
/// </summary>
public static class Bootstrap
{
    /// <summary>
    /// Mean of per-example scores with its percentile interval. Scores must be finite. When every score
    /// is the same 0 or 1, every resample is identical and the percentile interval collapses to a point
    /// ("10 of 10 correct" would read as 1.0 ± 0); pass/fail scores then get the Wilson score interval
    /// (Wilson, 1927), which stays honest about small samples.
    /// </summary>
    public static Estimate Mean(ReadOnlySpan<double> scores, BootstrapOptions? options = null)
    {
        options ??= BootstrapOptions.Default;
        options.Validate();
        if (scores.Length > 0 && (scores[0] == 0 || scores[0] == 1) && !scores.ContainsAnyExcept(scores[0]))
            return Wilson(scores[0], scores.Length, options.Confidence);
        return PercentileMean(scores, options);
    }

    /// <summary>The plain percentile bootstrap of a mean, whatever the scores (e.g. paired differences).</summary>
    // Fully optimized from the first call: a bootstrap runs a few times per study, too few for tiering to kick in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Estimate PercentileMean(ReadOnlySpan<double> scores, BootstrapOptions options)
    {
        options.Validate();
        var n = scores.Length;
        if (n == 0)
            return Estimate.Empty;
        EnsureFinite(scores, nameof(scores));

        var observed = 0.0;
        foreach (var score in scores)
            observed += score;
        observed /= n;

        var distribution = new double[options.Resamples];
        var random = new DeterministicRandom(options.Seed);
        for (var r = 0; r < distribution.Length; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
                sum += scores[random.NextInt(n)];
            distribution[r] = sum / n;
        }
        return FromDistribution(observed, distribution, distribution.Length, n, options.Confidence);
    }

    /// <summary>
    /// Any statistic of the example set. <paramref name="statistic"/> is called once on 0..n-1 for the
    /// observed value and once per resample. Resamples on which it is undefined (NaN) are left out.
    /// </summary>
    public static Estimate Statistic(int n, ResampledStatistic statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        options ??= BootstrapOptions.Default;
        options.Validate();
        if (n == 0)
            return Estimate.Empty;
        var observed = statistic(Identity(n));
        var distribution = Distribution(n, statistic, options, out var count);
        return FromDistribution(observed, distribution, count, n, options.Confidence);
    }

    /// <summary>Wilson score interval for a proportion p̂ of n trials.</summary>
    public static Estimate Wilson(double proportion, int n, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var z = NormalDistribution.Quantile(1 - (1 - confidence) / 2);
        var z2n = z * z / n;
        var centre = (proportion + z2n / 2) / (1 + z2n);
        var half = z / (1 + z2n) * Math.Sqrt(proportion * (1 - proportion) / n + z2n / (4 * n));
        return new Estimate(proportion, Math.Max(0, centre - half), Math.Min(1, centre + half), n);
    }

    internal static int[] Identity(int n)
    {
        var indices = new int[n];
        for (var i = 0; i < n; i++)
            indices[i] = i;
        return indices;
    }

    /// <summary>Resampled values of the statistic, finite ones first; <paramref name="count"/> says how many are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] Distribution(int n, ResampledStatistic statistic, BootstrapOptions options, out int count)
    {
        var distribution = new double[options.Resamples];
        var indices = new int[n];
        var random = new DeterministicRandom(options.Seed);
        count = 0;
        for (var r = 0; r < distribution.Length; r++)
        {
            for (var i = 0; i < n; i++)
                indices[i] = random.NextInt(n);
            var value = statistic(indices);
            if (double.IsFinite(value))
                distribution[count++] = value;
        }
        return distribution;
    }

    internal static Estimate FromDistribution(double observed, double[] distribution, int count, int n, double confidence)
    {
        if (count == 0 || !double.IsFinite(observed))
            return new Estimate(observed, double.NaN, double.NaN, n);
        Array.Sort(distribution, 0, count);
        var tail = (1 - confidence) / 2;
        return new Estimate(observed, Percentile(distribution, count, tail), Percentile(distribution, count, 1 - tail), n);
    }

    /// <summary>Linear interpolation between order statistics (Hyndman &amp; Fan type 7, the R and NumPy default).</summary>
    internal static double Percentile(double[] sorted, int count, double probability)
    {
        var position = probability * (count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, count - 1);
        var fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    internal static void EnsureFinite(ReadOnlySpan<double> scores, string name)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"Score at index {i} is {scores[i]}; leave failed examples out (or score them) before estimating.", name);
        }
    }
}
