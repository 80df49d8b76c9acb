namespace Tunewise.Evaluation.Scoring;

/// <summary>Micro field-F1 over a set: counts summed across examples, then 2TP / (2TP + FP + FN).</summary>
public sealed class FieldF1Metric : IAggregateMetric
{
    public string Name => "field_f1";

    public PreparedMetric Prepare(IReadOnlyList<ScoreRequest> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var counts = new FieldCounts[cases.Count];
        for (var i = 0; i < cases.Count; i++)
            counts[i] = FieldF1Scorer.TryCount(cases[i], out var c, out _, out _, out _) ? c : default;
        return new Prepared(counts);
    }

    private sealed class Prepared(FieldCounts[] counts) : PreparedMetric
    {
        public override int Count => counts.Length;

        public override double Compute(ReadOnlySpan<int> indices)
        {
            int tp = 0, fp = 0, fn = 0;
            foreach (var i in indices)
            {
                tp += counts[i].TruePositives;
                fp += counts[i].FalsePositives;
                fn += counts[i].FalseNegatives;
            }
            return new FieldCounts(tp, fp, fn).F1;
        }

        public override IReadOnlyDictionary<string, object> Describe()
        {
            var total = counts.Aggregate(default(FieldCounts), (sum, c) => sum + c);
            return new Dictionary<string, object>
            {
                ["precision"] = total.Precision,
                ["recall"] = total.Recall,
                ["f1"] = total.F1,
                ["true_positives"] = total.TruePositives,
                ["false_positives"] = total.FalsePositives,
                ["false_negatives"] = total.FalseNegatives,
            };
        }
    }
}
