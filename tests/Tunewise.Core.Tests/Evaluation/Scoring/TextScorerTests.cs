using Tunewise.Data;
using Tunewise.Evaluation.Scoring;

namespace Tunewise.Core.Tests.Evaluation.Scoring;

public class TextScorerTests
{
    [Theory]
    [InlineData("Paris", "paris")]
    [InlineData("  Paris.  ", "Paris")]
    [InlineData("New   York\n", "new york")]
    [InlineData("ＰＡＲＩＳ", "Paris")]          // full-width letters fold under NFKC
    [InlineData("ﬁnance", "finance")]          // ligature fi folds under NFKC
    [InlineData("New\u00A0York", "new york")]    // no-break space is a space
    public void Exact_match_ignores_case_whitespace_width_and_a_trailing_period_by_default(string output, string expected)
    {
        Assert.Equal(1, new ExactMatchScorer().Score(new ScoreRequest(output, expected)).Value);
    }

    [Fact]
    public void Exact_match_normalization_is_configurable()
    {
        var strict = new ExactMatchScorer(TextNormalization.None);
        Assert.Equal(0, strict.Score(new ScoreRequest("Paris.", "Paris")).Value);
        Assert.Equal(1, strict.Score(new ScoreRequest("Paris", "Paris")).Value);

        var punctuation = new ExactMatchScorer(TextNormalizer.Parse(["case", "whitespace", "punctuation"]));
        Assert.Equal(1, punctuation.Score(new ScoreRequest("Saint-Étienne!", "saintétienne")).Value);
        Assert.Equal(0, new ExactMatchScorer().Score(new ScoreRequest("Saint-Étienne!", "saintétienne")).Value);

        var error = Assert.Throws<UserInputException>(() => TextNormalizer.Parse(["case", "accents"]));
        Assert.Contains("accents", error.Message);
    }

    [Fact]
    public void Exact_match_explains_a_miss_and_refuses_a_missing_gold_value()
    {
        var miss = new ExactMatchScorer().Score(new ScoreRequest("Lyon", "Paris"));
        Assert.Equal(false, miss.Passed);
        Assert.Contains("expected \"paris\"", miss.Reason);

        var noGold = new ExactMatchScorer().Score(new ScoreRequest("Lyon", null));
        Assert.True(noGold.IsError);
        Assert.True(double.IsNaN(noGold.Value));
    }

    [Fact]
    public void Contains_finds_the_gold_answer_inside_a_sentence()
    {
        var scorer = new ContainsScorer();
        Assert.Equal(1, scorer.Score(new ScoreRequest("The capital is PARIS, of course.", "paris")).Value);
        Assert.Equal(0, scorer.Score(new ScoreRequest("The capital is Lyon.", "Paris")).Value);
        Assert.True(scorer.Score(new ScoreRequest("anything", "  ")).IsError);
    }

    [Fact]
    public void Regex_uses_the_configured_pattern_and_can_embed_the_gold_value()
    {
        var fixedPattern = new RegexScorer(@"^\d{4}-\d{2}-\d{2}$");
        Assert.Equal(1, fixedPattern.Score(new ScoreRequest("2024-05-01", null)).Value);
        Assert.Equal(0, fixedPattern.Score(new ScoreRequest("May 1st", null)).Value);

        var wholeWord = new RegexScorer(@"(?<![\w.]){{expected}}(?![\w.])");
        Assert.Equal(1, wholeWord.Score(new ScoreRequest("It costs $4.99 (C.O.D.)", "$4.99")).Value);
        Assert.Equal(0, wholeWord.Score(new ScoreRequest("It costs 4x99", "4.99")).Value); // '.' is escaped, not "any char"
    }

    [Fact]
    public void Regex_without_or_with_a_broken_pattern_is_a_user_error()
    {
        Assert.Throws<UserInputException>(() => new RegexScorer(""));
        var error = Assert.Throws<UserInputException>(() => new RegexScorer("(unclosed"));
        Assert.Contains("(unclosed", error.Message);
    }
}
