namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// ROUGE-L (Lin, 2004): with LCS the longest common token subsequence of answer and reference,
/// P = LCS / |answer|, R = LCS / |reference|, and the score is the F-measure 2PR / (P + R)
/// (β = 1, as Google's rouge-score reports).
/// </summary>
public sealed class RougeLScorer() : ScorerBase("rouge_l")
{
    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        var (precision, recall, f) = Compute(request.Output, request.Expected);
        return new ScoreResult(f, null, null, new Dictionary<string, object> { ["precision"] = precision, ["recall"] = recall });
    }

    public static (double Precision, double Recall, double F) Compute(string output, string reference)
    {
        var candidate = AnswerTokens.Rouge(output);
        var target = AnswerTokens.Rouge(reference);
        if (candidate.Length == 0 || target.Length == 0)
        {
            var same = candidate.Length == target.Length ? 1.0 : 0.0;
            return (same, same, same);
        }
        var lcs = LongestCommonSubsequence(candidate, target);
        if (lcs == 0)
            return (0, 0, 0);
        var precision = (double)lcs / candidate.Length;
        var recall = (double)lcs / target.Length;
        return (precision, recall, 2 * precision * recall / (precision + recall));
    }

    internal static int LongestCommonSubsequence(string[] a, string[] b)
    {
        // Two rows of the classic dynamic programme: O(|a|·|b|) time, O(|b|) memory.
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
