namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// SQuAD token F1: the bag-of-tokens overlap of normalized answer and gold answer, F1 of precision
/// (shared / answer tokens) and recall (shared / gold tokens). Both empty scores 1; one empty scores 0.
/// </summary>
public sealed class TokenF1Scorer() : ScorerBase("token_f1")
{
    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        var (precision, recall, f1) = Compute(request.Output, request.Expected);
        var details = new Dictionary<string, object> { ["precision"] = precision, ["recall"] = recall };
        return new ScoreResult(f1, null, null, details);
    }

    public static (double Precision, double Recall, double F1) Compute(string output, string expected)
    {
        var predicted = AnswerTokens.Squad(output);
        var gold = AnswerTokens.Squad(expected);
        if (predicted.Length == 0 || gold.Length == 0)
        {
            var same = predicted.Length == gold.Length ? 1.0 : 0.0;
            return (same, same, same);
        }
        var goldCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in gold)
            goldCounts[token] = goldCounts.GetValueOrDefault(token) + 1;
        var shared = 0;
        foreach (var token in predicted)
        {
            if (goldCounts.TryGetValue(token, out var left) && left > 0)
            {
                goldCounts[token] = left - 1;
                shared++;
            }
        }
        if (shared == 0)
            return (0, 0, 0);
        var precision = (double)shared / predicted.Length;
        var recall = (double)shared / gold.Length;
        return (precision, recall, 2 * precision * recall / (precision + recall));
    }
}
