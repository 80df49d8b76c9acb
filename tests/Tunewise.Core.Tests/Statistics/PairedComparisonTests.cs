using Tunewise.Statistics;

namespace Tunewise.Core.Tests.Statistics;

public class PairedComparisonTests
{
    [Theory]
    [InlineData(1, 9, 22.0 / 1024)]     // 2·(C(10,0)+C(10,1))/2^10
    [InlineData(9, 1, 22.0 / 1024)]
    [InlineData(2, 8, 112.0 / 1024)]    // 2·(1+10+45)/1024
    [InlineData(0, 6, 2.0 / 64)]        // 2·1/2^6
    [InlineData(5, 5, 1.0)]             // doubled tail exceeds 1: capped
    [InlineData(0, 0, 1.0)]             // no discordant pairs: no evidence
    [InlineData(3, 12, 0.03515625)]     // 2·(1+15+105+455)/32768
    public void Exact_mcnemar_matches_the_binomial_by_hand(int b, int c, double expected)
    {
        Assert.Equal(expected, McNemarTest.ExactPValue(b, c), 10);
    }

    [Fact]
    public void Exact_mcnemar_stays_finite_for_large_tables()
    {
        var p = McNemarTest.ExactPValue(400, 600);
        Assert.InRange(p, 1e-12, 1e-8); // normal approximation: z = 6.3, p ≈ 2.6e-10
    }

    [Fact]
    public void Interval_containing_zero_never_names_a_better_arm()
    {
        var (a, b) = Paired(n: 100, onlyA: 5, onlyB: 3, both: 60);

        var comparison = PairedComparer.Compare("few-shot", "zero-shot", "accuracy", a, b);

        Assert.True(comparison.Difference.Contains(0));
        Assert.Equal(ComparisonVerdict.NoDetectableDifference, comparison.Verdict);
        Assert.Equal("exact McNemar", comparison.Test);
        Assert.Equal(5, comparison.OnlyACorrect);
        Assert.Equal(3, comparison.OnlyBCorrect);
        Assert.NotNull(comparison.MinimumDetectableEffect);
        Assert.StartsWith("no detectable difference between few-shot and zero-shot on accuracy", comparison.Summary);
        Assert.Contains("could detect a difference of about", comparison.Summary);
        Assert.DoesNotContain("better", comparison.Summary);
    }

    [Fact]
    public void Identical_arms_show_a_zero_difference_and_nothing_detectable()
    {
        var (a, _) = Paired(n: 30, onlyA: 0, onlyB: 0, both: 20);

        var comparison = PairedComparer.Compare("v1", "v2", "accuracy", a, a);

        Assert.Equal(new Estimate(0, 0, 0, 30), comparison.Difference);
        Assert.Equal(1.0, comparison.PValue);
        Assert.Null(comparison.MinimumDetectableEffect);
        Assert.Equal(ComparisonVerdict.NoDetectableDifference, comparison.Verdict);
        Assert.Contains("too few disagreements", comparison.Summary);
    }

    [Fact]
    public void Clear_paired_win_is_reported_for_the_right_arm()
    {
        var (a, b) = Paired(n: 200, onlyA: 4, onlyB: 30, both: 120);

        var comparison = PairedComparer.Compare("zero-shot", "lora-small", "accuracy", a, b);

        Assert.Equal(ComparisonVerdict.BBetter, comparison.Verdict);
        Assert.Equal(-0.13, comparison.Difference.Value, 10);
        Assert.True(comparison.Difference.CiHigh < 0);
        Assert.True(comparison.PValue < 0.001);
        Assert.StartsWith("lora-small better than zero-shot on accuracy", comparison.Summary);
    }

    [Fact]
    public void Lower_is_better_flips_which_arm_wins()
    {
        var a = Enumerable.Range(0, 50).Select(i => 100.0 + i % 7).ToArray();
        var b = a.Select((x, i) => x + 20 + i % 3).ToArray();

        var comparison = PairedComparer.Compare("small", "big", "latency_ms", a, b, new PairedComparisonOptions { HigherIsBetter = false });

        Assert.Equal("paired bootstrap", comparison.Test);
        Assert.Equal(ComparisonVerdict.ABetter, comparison.Verdict);
    }

    [Fact]
    public void Holm_adjustment_turns_a_marginal_win_into_no_detectable_difference()
    {
        var (a, b) = Paired(n: 200, onlyA: 16, onlyB: 5, both: 100);
        var single = PairedComparer.Compare("A", "B", "accuracy", a, b);
        Assert.Equal(ComparisonVerdict.ABetter, single.Verdict); // p ≈ 0.027

        var family = MultipleComparisons.Adjust([single, single with { ArmA = "C" }, single with { ArmA = "D" }]);

        Assert.All(family, c => Assert.Equal(ComparisonVerdict.NoDetectableDifference, c.Verdict));
        Assert.Contains("Holm-adjusted", family[0].Summary);
    }

    [Fact]
    public void Set_level_metric_difference_uses_joint_resamples()
    {
        var (a, b) = Paired(n: 120, onlyA: 25, onlyB: 2, both: 70);
        double Mean(double[] s, ReadOnlySpan<int> idx) { var sum = 0.0; foreach (var i in idx) sum += s[i]; return sum / idx.Length; }

        var viaMetric = PairedComparer.Compare("A", "B", "accuracy", a.Length, idx => Mean(a, idx), idx => Mean(b, idx));
        var viaScores = PairedComparer.Compare("A", "B", "accuracy", a, b);

        Assert.Equal(viaScores.Difference.Value, viaMetric.Difference.Value, 12);
        Assert.Equal(viaScores.Difference.CiLow, viaMetric.Difference.CiLow, 12);
        Assert.Equal(ComparisonVerdict.ABetter, viaMetric.Verdict);
        Assert.NotNull(viaMetric.MinimumDetectableEffect);
    }

    [Fact]
    public void Minimum_detectable_effect_follows_the_stated_formulas()
    {
        // (1.959964 + 0.841621) · 1 / √100
        Assert.Equal(0.2801585, MinimumDetectableEffect.Continuous(1.0, 100), 5);

        // Connor (1987) at n = 200, ψ = 0.1: check the solved δ satisfies n = [zα√ψ + zβ√(ψ−δ²)]² / δ².
        var delta = MinimumDetectableEffect.Binary(200, 0.1)!.Value;
        var n = Math.Pow(1.959964 * Math.Sqrt(0.1) + 0.841621 * Math.Sqrt(0.1 - delta * delta), 2) / (delta * delta);
        Assert.Equal(200, n, 2);
        Assert.InRange(delta, 0.05, 0.07);

        Assert.Null(MinimumDetectableEffect.Binary(50, 0.0));
        Assert.Null(MinimumDetectableEffect.Binary(20, 0.05)); // one discordant pair in 20: nothing detectable
    }

    [Fact]
    public void Holm_adjusts_a_textbook_family()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → carried max 0.06.
        var adjusted = MultipleComparisons.HolmAdjust([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 10)).ToArray());
    }

    [Fact]
    public void Note_appears_only_for_a_family()
    {
        Assert.Null(MultipleComparisons.Note(2, 1));
        var note = MultipleComparisons.Note(5, 10);
        Assert.Contains("10 comparisons among 5 arms", note);
        Assert.Contains("Holm", note);
    }

    private static (double[] A, double[] B) Paired(int n, int onlyA, int onlyB, int both)
    {
        var a = new double[n];
        var b = new double[n];
        var i = 0;
        for (var k = 0; k < onlyA; k++, i++) a[i] = 1;
        for (var k = 0; k < onlyB; k++, i++) b[i] = 1;
        for (var k = 0; k < both; k++, i++) { a[i] = 1; b[i] = 1; }
        return (a, b);
    }
}
