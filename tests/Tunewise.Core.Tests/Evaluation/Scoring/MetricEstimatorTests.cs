using Tunewise.Evaluation.Scoring;
using Tunewise.Statistics;

namespace Tunewise.Core.Tests.Evaluation.Scoring;

public class MetricEstimatorTests
{
    private static readonly string[] Labels = ["billing", "refund", "shipping"];

    [Fact]
    public async Task Arms_compare_on_a_set_level_metric_with_joint_resamples()
    {
        var gold = Enumerable.Range(0, 150).Select(i => Labels[i % 3]).ToArray();
        // Arm A is right on 9 of 10 examples; arm B always answers "billing".
        var casesA = gold.Select((g, i) => new ScoreRequest(i % 10 == 0 ? Labels[(i + 1) % 3] : g, g)).ToArray();
        var casesB = gold.Select(g => new ScoreRequest("billing", g)).ToArray();
        var scorer = new MacroF1Scorer(Labels);

        var comparison = MetricEstimator.Compare(scorer,
            "few-shot", casesA, await scorer.ScoreAllAsync(casesA),
            "zero-shot", casesB, await scorer.ScoreAllAsync(casesB),
            new PairedComparisonOptions { Resamples = 2000 });

        Assert.Equal("macro_f1", comparison.Metric);
        Assert.Equal("paired bootstrap", comparison.Test);
        Assert.Equal(ComparisonVerdict.ABetter, comparison.Verdict);
        Assert.Equal(scorer.Aggregate!.Prepare(casesA).ComputeAll() - scorer.Aggregate.Prepare(casesB).ComputeAll(), comparison.Difference.Value, 12);
    }

    [Fact]
    public async Task An_example_unscorable_in_either_arm_is_left_out_of_the_pairing()
    {
        ScoreRequest[] casesA = [new("a", "a"), new("b", "b"), new("c", null), new("d", "d")];
        ScoreRequest[] casesB = [new("x", "a"), new("b", "b"), new("c", "c"), new("d", null)];
        var scorer = new ExactMatchScorer();

        var comparison = MetricEstimator.Compare(scorer,
            "A", casesA, await scorer.ScoreAllAsync(casesA),
            "B", casesB, await scorer.ScoreAllAsync(casesB));

        Assert.Equal(2, comparison.Difference.N);
        Assert.Equal(0.5, comparison.Difference.Value, 12);
        Assert.Equal(1, comparison.OnlyACorrect);
        Assert.Equal(0, comparison.OnlyBCorrect);
    }
}
