using System.Text.Json;

namespace Tunewise.Evaluation.Scoring;

/// <summary>Matched, spurious and missing fields of one extraction: the counts behind field precision, recall and F1.</summary>
public readonly record struct FieldCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>2TP / (2TP + FP + FN); 1 when both sides have no fields at all.</summary>
    public double F1
    {
        get
        {
            var denominator = 2 * TruePositives + FalsePositives + FalseNegatives;
            return denominator == 0 ? 1 : 2.0 * TruePositives / denominator;
        }
    }

    public static FieldCounts operator +(FieldCounts a, FieldCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);

    /// <summary>Multiset match of (path, value) leaves between prediction and gold.</summary>
    public static FieldCounts Compare(JsonElement predicted, JsonElement gold)
    {
        var remaining = new Dictionary<KeyValuePair<string, string>, int>();
        var goldLeaves = JsonLeaves.Flatten(gold);
        foreach (var leaf in goldLeaves)
            remaining[leaf] = remaining.GetValueOrDefault(leaf) + 1;
        int tp = 0, fp = 0;
        foreach (var leaf in JsonLeaves.Flatten(predicted))
        {
            if (remaining.TryGetValue(leaf, out var left) && left > 0)
            {
                remaining[leaf] = left - 1;
                tp++;
            }
            else
            {
                fp++;
            }
        }
        return new FieldCounts(tp, fp, goldLeaves.Count - tp);
    }
}
