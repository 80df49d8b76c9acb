using Tunewise.Statistics;

namespace Tunewise.Core.Tests.Statistics;

public class BootstrapTests
{
    [Fact]
    public void Generator_matches_reference_xoshiro256starstar_seeded_by_splitmix64()
    {
        // Reference values from a direct transcription of Vigna's C code, seed 13.
        var random = new DeterministicRandom(13);
        Assert.Equal(0x3e0712664d19f162UL, random.NextUInt64());
        Assert.Equal(0xc865b20546892b77UL, random.NextUInt64());
        Assert.Equal(0xf68146bd1fb14ff8UL, random.NextUInt64());
    }

    [Fact]
    public void Interval_of_a_large_proportion_is_close_to_the_wilson_interval()
    {
        var scores = Proportion(successes: 300, n: 1000);

        var estimate = Bootstrap.Mean(scores);

        const double z = 1.959964;
        const double n = 1000, p = 0.3;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        Assert.Equal(0.3, estimate.Value, 12);
        Assert.Equal(1000, estimate.N);
        Assert.InRange(estimate.CiLow, centre - half - 0.004, centre - half + 0.004);
        Assert.InRange(estimate.CiHigh, centre + half - 0.004, centre + half + 0.004);
    }

    [Fact]
    public void Same_seed_gives_the_same_interval_and_another_seed_a_slightly_different_one()
    {
        var scores = Proportion(successes: 37, n: 120);

        var first = Bootstrap.Mean(scores, new BootstrapOptions { Seed = 7 });
        var again = Bootstrap.Mean(scores, new BootstrapOptions { Seed = 7 });
        var other = Bootstrap.Mean(scores, new BootstrapOptions { Seed = 8, Resamples = 2000 });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(first.Value, other.Value);
    }

    [Fact]
    public void Set_level_statistic_resamples_the_same_indices_as_the_mean()
    {
        var scores = new double[] { 0.1, 0.9, 0.5, 0.7, 0.2, 1.0, 0.0, 0.4 };

        var byMean = Bootstrap.Mean(scores);
        var byStatistic = Bootstrap.Statistic(scores.Length, indices =>
        {
            var sum = 0.0;
            foreach (var i in indices) sum += scores[i];
            return sum / indices.Length;
        });

        Assert.Equal(byMean, byStatistic);
    }

    [Fact]
    public void Higher_confidence_gives_a_wider_interval()
    {
        var scores = Proportion(successes: 60, n: 100);

        var ninety = Bootstrap.Mean(scores, new BootstrapOptions { Confidence = 0.90 });
        var ninetyNine = Bootstrap.Mean(scores, new BootstrapOptions { Confidence = 0.99 });

        Assert.True(ninetyNine.Width > ninety.Width);
        Assert.True(ninetyNine.Contains(0.6) && ninety.Contains(0.6));
    }

    [Fact]
    public void All_correct_on_a_small_set_does_not_claim_certainty()
    {
        var estimate = Bootstrap.Mean([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

        // Wilson 95% for 10/10: lower bound 1 / (1 + 1.959964² / 10) = 0.7225
        Assert.Equal(1.0, estimate.Value);
        Assert.Equal(0.7225, estimate.CiLow, 4);
        Assert.Equal(1.0, estimate.CiHigh, 12);
        Assert.Equal(0.0, Bootstrap.Mean([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).CiLow, 12);
    }

    [Fact]
    public void Empty_set_has_no_value_and_failed_scores_are_refused()
    {
        Assert.Equal(0, Bootstrap.Mean([]).N);
        Assert.True(double.IsNaN(Bootstrap.Mean([]).Value));
        var error = Assert.Throws<ArgumentException>(() => Bootstrap.Mean([1, double.NaN]));
        Assert.Contains("index 1", error.Message);
    }

    [Fact]
    public void Normal_quantiles_match_tables()
    {
        Assert.Equal(1.959964, NormalDistribution.Quantile(0.975), 5);
        Assert.Equal(0.841621, NormalDistribution.Quantile(0.8), 5);
        Assert.Equal(-2.326348, NormalDistribution.Quantile(0.01), 5);
        Assert.Equal(0.975, NormalDistribution.Cdf(1.959964), 6);
    }

    internal static double[] Proportion(int successes, int n)
    {
        var scores = new double[n];
        for (var i = 0; i < successes; i++)
            scores[i * n / successes] = 1;
        return scores;
    }
}
