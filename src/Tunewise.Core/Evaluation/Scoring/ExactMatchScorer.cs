using Tunewise.Data;

namespace Tunewise.Evaluation.Scoring;

/// <summary>1 when output and gold value are equal after normalization (case, whitespace, NFKC, a trailing period by default).</summary>
public sealed class ExactMatchScorer(TextNormalization normalization = TextNormalization.Default) : ScorerBase("exact_match")
{
    public TextNormalization Normalization { get; } = normalization;

    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        var output = TextNormalizer.Normalize(request.Output, Normalization);
        var expected = TextNormalizer.Normalize(request.Expected, Normalization);
        var equal = string.Equals(output, expected, StringComparison.Ordinal);
        return ScoreResult.Binary(equal, equal ? null : $"expected \"{Shorten(expected)}\", got \"{Shorten(output)}\"");
    }

    internal static string Shorten(string text, int max = 80) => text.Length <= max ? text : text[..max] + "…";
}
