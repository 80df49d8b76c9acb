using Tunewise.Data;

namespace Tunewise.Evaluation.Scoring;

/// <summary>1 when the normalized output contains the normalized gold value.</summary>
public sealed class ContainsScorer(TextNormalization normalization = TextNormalization.Default) : ScorerBase("contains")
{
    public TextNormalization Normalization { get; } = normalization;

    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        var expected = TextNormalizer.Normalize(request.Expected, Normalization);
        if (expected.Length == 0)
            return ScoreResult.Unscorable("the expected value is empty after normalization; every output would contain it");
        var found = TextNormalizer.Normalize(request.Output, Normalization).Contains(expected, StringComparison.Ordinal);
        return ScoreResult.Binary(found, found ? null : $"output does not contain \"{ExactMatchScorer.Shorten(expected)}\"");
    }
}
