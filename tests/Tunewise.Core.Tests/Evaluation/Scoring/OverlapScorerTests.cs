using Tunewise.Evaluation.Scoring;

namespace Tunewise.Core.Tests.Evaluation.Scoring;

public class OverlapScorerTests
{
    [Theory]
    // [cat sat on mat] vs [cat sitting on mat]: 3 shared → P = R = 3/4.
    [InlineData("The cat sat on the mat.", "A cat sitting on a mat", 0.75)]
    // [paris france] vs [paris]: P = 1/2, R = 1 → F1 = 2/3.
    [InlineData("Paris, France", "Paris", 2.0 / 3)]
    [InlineData("the", "a", 1.0)]                    // both empty after article removal
    [InlineData("Berlin", "Paris", 0.0)]
    // repeated tokens count once per occurrence: [a? no: to be or not to be] vs [to be]: shared 2, P = 2/6, R = 1 → 0.5
    [InlineData("to be or not to be", "to be", 0.5)]
    public void Token_f1_matches_squad_by_hand(string output, string expected, double f1)
    {
        Assert.Equal(f1, new TokenF1Scorer().Score(new ScoreRequest(output, expected)).Value, 12);
    }

    [Theory]
    // Lin (2004): reference "police killed the gunman".
    [InlineData("police kill the gunman", "police killed the gunman", 0.75)]   // LCS "police the gunman" = 3
    [InlineData("the gunman kill police", "police killed the gunman", 0.5)]    // LCS "the gunman" = 2
    [InlineData("the cat lay on the mat", "the cat sat on the mat", 5.0 / 6)] // LCS 5 of 6 each way
    // candidate 3 tokens, reference 6, LCS 3 → P = 1, R = 1/2 → F = 2/3
    [InlineData("cat on mat", "The cat sat on the mat", 2.0 / 3)]
    [InlineData("", "something", 0.0)]
    public void Rouge_l_matches_worked_examples(string output, string reference, double f)
    {
        Assert.Equal(f, new RougeLScorer().Score(new ScoreRequest(output, reference)).Value, 12);
    }

    [Theory]
    [InlineData("The answer is 42.", "42", true)]
    [InlineData("Total: 1,234.50 USD", "1234.5", true)]
    [InlineData("about 3.14159", "3.1416", false)]
    [InlineData("−7 degrees", "-7", true)]
    [InlineData("2.5e3 items", "2500", true)]
    [InlineData("no idea", "42", false)]
    public void Numeric_compares_the_first_number_with_default_tolerance(string output, string expected, bool passed)
    {
        Assert.Equal(passed, new NumericScorer().Score(new ScoreRequest(output, expected)).Passed);
    }

    [Fact]
    public void Numeric_tolerance_can_be_absolute_or_relative()
    {
        Assert.Equal(true, new NumericScorer(absoluteTolerance: 0.001).Score(new ScoreRequest("3.14159", "3.1416")).Passed);
        Assert.Equal(true, new NumericScorer(0, relativeTolerance: 0.01).Score(new ScoreRequest("99.5", "100")).Passed);
        var miss = new NumericScorer(0, relativeTolerance: 0.01).Score(new ScoreRequest("98", "100"));
        Assert.Equal(false, miss.Passed);
        Assert.Contains("expected 100, got 98", miss.Reason);
        Assert.True(new NumericScorer().Score(new ScoreRequest("5", "unknown")).IsError);
        Assert.Throws<UserInputException>(() => new NumericScorer(-1));
    }
}
