using Tunewise.Evaluation.Scoring;
using Tunewise.Statistics;

namespace Tunewise.Core.Tests.Evaluation.Scoring;

public class ClassificationScorerTests
{
    private static readonly string[] Labels = ["billing", "refund", "technical support"];

    [Theory]
    [InlineData("billing", "billing")]
    [InlineData("Billing.\nThe customer asks about an invoice.", "billing")]
    [InlineData("**Label:** Refund", "refund")]
    [InlineData("Answer: technical support", "technical support")]
    [InlineData("```\nrefund\n```", "refund")]
    [InlineData("\n\n  REFUND  \n", "refund")]
    [InlineData("I think this is technical support, not billing", "technical support")]
    [InlineData("Sounds like a shipping question", null)]
    [InlineData("", null)]
    public void Label_is_read_from_the_first_line_against_the_label_set(string output, string? expected)
    {
        Assert.Equal(expected, LabelExtractor.Extract(output, Labels));
    }

    [Theory]
    [InlineData("answer-a1", "answer-a1")]
    [InlineData("Class-B", "class-b")]
    [InlineData("Answer - class-b", "class-b")]
    public void A_label_that_looks_like_a_prefix_is_read_whole(string output, string expected)
    {
        Assert.Equal(expected, LabelExtractor.Extract(output, ["answer-a1", "class-b"]));
    }

    [Fact]
    public void Accuracy_scores_the_extracted_label_and_says_what_it_read()
    {
        var scorer = new AccuracyScorer(Labels);

        var right = scorer.Score(new ScoreRequest("Refund!", "refund"));
        var wrong = scorer.Score(new ScoreRequest("billing", "Refund"));
        var unparsed = scorer.Score(new ScoreRequest("no idea", "refund"));

        Assert.Equal(1, right.Value);
        Assert.Equal(0, wrong.Value);
        Assert.Equal("billing", wrong.Details!["predicted_label"]);
        Assert.Contains("predicted 'billing', expected 'refund'", wrong.Reason);
        Assert.Equal(0, unparsed.Value);
        Assert.Contains("no label from the label set", unparsed.Reason);
    }

    [Fact]
    public void Accuracy_without_a_label_set_accepts_the_label_as_first_word()
    {
        var scorer = new AccuracyScorer();
        Assert.Equal(1, scorer.Score(new ScoreRequest("billing - the customer mentions an invoice", "billing")).Value);
        Assert.Equal(0, scorer.Score(new ScoreRequest("not billing", "billing")).Value);
    }

    [Fact]
    public void Macro_f1_and_confusion_matrix_match_a_hand_computed_three_class_case()
    {
        // gold A A A A B B B C C C ; predicted A A B C B B A C C (unparsed)
        // A: TP 2, FP 1, FN 2 → F1 4/7.  B: TP 2, FP 1, FN 1 → 2/3.  C: TP 2, FP 1, FN 1 → 2/3.
        // macro-F1 = (4/7 + 2/3 + 2/3) / 3 = 40/63; accuracy 6/10.
        var cases = ThreeClassCases();
        var scorer = new MacroF1Scorer(["A", "B", "C"]);

        var prepared = scorer.Aggregate!.Prepare(cases);

        Assert.Equal(40.0 / 63, prepared.ComputeAll(), 12);
        var matrix = (ConfusionMatrix)prepared.Describe()["confusion_matrix"];
        Assert.Equal(["a", "b", "c"], matrix.Labels);
        Assert.Equal(2, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(1, matrix[0, 2]);
        Assert.Equal(1, matrix[1, 0]);
        Assert.Equal(1, matrix.Unparsed(2));
        Assert.Equal(4.0 / 7, matrix.F1(0), 12);
        Assert.Equal(1, matrix.ToRows()["c"]["(unparsed)"]);

        var accuracy = new AccuracyScorer(["A", "B", "C"]);
        var results = cases.Select(accuracy.Score).ToArray();
        Assert.Equal(0.6, MetricEstimator.Estimate(accuracy, cases, results).Value, 12);
    }

    [Fact]
    public void Macro_f1_interval_is_bootstrapped_over_examples()
    {
        var cases = Enumerable.Range(0, 20).SelectMany(_ => ThreeClassCases()).ToArray();
        var scorer = new MacroF1Scorer(["A", "B", "C"]);
        var results = cases.Select(scorer.Score).ToArray();

        var estimate = MetricEstimator.Estimate(scorer, cases, results, new BootstrapOptions { Resamples = 2000 });

        Assert.Equal(40.0 / 63, estimate.Value, 12);
        Assert.Equal(200, estimate.N);
        Assert.True(estimate.CiLow < estimate.Value && estimate.Value < estimate.CiHigh);
        Assert.InRange(estimate.Width, 0.05, 0.3);
    }

    private static ScoreRequest[] ThreeClassCases()
    {
        string[] gold = ["A", "A", "A", "A", "B", "B", "B", "C", "C", "C"];
        string[] predicted = ["A", "a.", "B", "C", "B", "b", "A", "C", "Label: C", "unsure"];
        return gold.Select((g, i) => new ScoreRequest(predicted[i], g)).ToArray();
    }
}
