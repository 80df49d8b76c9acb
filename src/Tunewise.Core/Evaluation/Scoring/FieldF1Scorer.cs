using System.Text.Json;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Field-level F1 of an extraction against the gold JSON, comparing normalized leaf values by path.
/// Per example: that example's F1 (an unparseable output scores 0 with every gold field missing). Over a
/// set: micro precision, recall and F1 from summed counts (<see cref="FieldF1Metric"/>).
/// </summary>
public sealed class FieldF1Scorer() : ScorerBase("field_f1")
{
    public override IAggregateMetric? Aggregate { get; } = new FieldF1Metric();

    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        if (!TryCount(request, out var counts, out var fenced, out var outputIsJson, out var error))
            return ScoreResult.Unscorable(error!);
        var details = new Dictionary<string, object>
        {
            ["fenced"] = fenced,
            ["true_positives"] = counts.TruePositives,
            ["false_positives"] = counts.FalsePositives,
            ["false_negatives"] = counts.FalseNegatives,
            ["precision"] = counts.Precision,
            ["recall"] = counts.Recall,
        };
        if (!outputIsJson)
            return new ScoreResult(0, false, $"output is not valid JSON; all {counts.FalseNegatives} expected fields missing", details);
        var reason = counts.FalsePositives + counts.FalseNegatives == 0
            ? null
            : $"{counts.TruePositives} fields match, {counts.FalsePositives} wrong or extra, {counts.FalseNegatives} missing";
        return new ScoreResult(counts.F1, counts.F1 >= 1, reason, details);
    }

    /// <summary>Counts for one case; false (with an error) only when the gold value itself is not JSON.</summary>
    internal static bool TryCount(ScoreRequest request, out FieldCounts counts, out bool fenced, out bool outputIsJson, out string? error)
    {
        counts = default;
        fenced = false;
        outputIsJson = false;
        JsonDocument gold;
        try
        {
            gold = JsonDocument.Parse(JsonFence.Strip(request.Expected ?? "", out _));
        }
        catch (JsonException e)
        {
            error = $"the expected value is not valid JSON: {e.Message}";
            return false;
        }
        using (gold)
        {
            error = null;
            try
            {
                using var predicted = JsonDocument.Parse(JsonFence.Strip(request.Output, out fenced));
                counts = FieldCounts.Compare(predicted.RootElement, gold.RootElement);
                outputIsJson = true;
            }
            catch (JsonException)
            {
                counts = new FieldCounts(0, 0, JsonLeaves.Flatten(gold.RootElement).Count);
            }
            return true;
        }
    }
}
