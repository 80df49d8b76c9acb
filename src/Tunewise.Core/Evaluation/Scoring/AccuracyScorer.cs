namespace Tunewise.Evaluation.Scoring;

/// <summary>Classification accuracy: 1 when the label read from the output (see <see cref="LabelExtractor"/>) equals the gold label.</summary>
public class AccuracyScorer(IReadOnlyList<string>? labels = null, string name = "accuracy") : ScorerBase(name)
{
    public IReadOnlyList<string>? Labels { get; } = labels;

    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        var expected = LabelExtractor.Normalize(request.Expected);
        var predicted = Labels is { Count: > 0 }
            ? LabelExtractor.Extract(request.Output, Labels)
            : LabelExtractor.ExtractOpenSet(request.Output, expected);
        var details = new Dictionary<string, object> { ["expected_label"] = expected, ["predicted_label"] = predicted ?? "" };
        if (predicted is null)
        {
            var reason = Labels is { Count: > 0 }
                ? $"no label from the label set ({string.Join(", ", Labels)}) found in the answer's first line"
                : "empty answer";
            return ScoreResult.Binary(false, reason, details);
        }
        var correct = string.Equals(predicted, expected, StringComparison.Ordinal);
        return ScoreResult.Binary(correct, correct ? null : $"predicted '{predicted}', expected '{expected}'", details);
    }
}
