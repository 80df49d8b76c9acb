namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Unweighted mean of per-class F1 = 2TP / (2TP + FP + FN). The classes are the known label set, or else
/// the gold labels seen in the set. Unparsed answers count as a false negative of the gold class. A class
/// that neither occurs nor is predicted in a (re)sample has no F1 and is left out of that sample's mean.
/// </summary>
public sealed class MacroF1Metric(IReadOnlyList<string>? labels = null) : IAggregateMetric
{
    public string Name => "macro_f1";

    public PreparedMetric Prepare(IReadOnlyList<ScoreRequest> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var classes = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        void AddClass(string label)
        {
            if (index.TryAdd(label, classes.Count))
                classes.Add(label);
        }
        foreach (var label in labels ?? [])
            AddClass(LabelExtractor.Normalize(label));
        foreach (var item in cases)
            AddClass(LabelExtractor.Normalize(item.Expected ?? ""));

        var gold = new int[cases.Count];
        var predicted = new int[cases.Count];
        for (var i = 0; i < cases.Count; i++)
        {
            gold[i] = index[LabelExtractor.Normalize(cases[i].Expected ?? "")];
            var answer = labels is { Count: > 0 }
                ? LabelExtractor.Extract(cases[i].Output, labels)
                : LabelExtractor.ExtractOpenSet(cases[i].Output, classes[gold[i]]);
            predicted[i] = answer is not null && index.TryGetValue(answer, out var id) ? id : -1;
        }
        return new Prepared(classes, gold, predicted);
    }

    private sealed class Prepared(IReadOnlyList<string> classes, int[] gold, int[] predicted) : PreparedMetric
    {
        private readonly int[] _tp = new int[classes.Count];
        private readonly int[] _fp = new int[classes.Count];
        private readonly int[] _fn = new int[classes.Count];

        public override int Count => gold.Length;

        public override double Compute(ReadOnlySpan<int> indices)
        {
            Array.Clear(_tp);
            Array.Clear(_fp);
            Array.Clear(_fn);
            foreach (var i in indices)
            {
                var g = gold[i];
                var p = predicted[i];
                if (g == p)
                {
                    _tp[g]++;
                    continue;
                }
                _fn[g]++;
                if (p >= 0)
                    _fp[p]++;
            }
            var sum = 0.0;
            var counted = 0;
            for (var k = 0; k < _tp.Length; k++)
            {
                var denominator = 2 * _tp[k] + _fp[k] + _fn[k];
                if (denominator == 0)
                    continue;
                sum += 2.0 * _tp[k] / denominator;
                counted++;
            }
            return counted == 0 ? double.NaN : sum / counted;
        }

        public override IReadOnlyDictionary<string, object> Describe()
        {
            var matrix = new ConfusionMatrix(classes);
            for (var i = 0; i < gold.Length; i++)
                matrix.Add(gold[i], predicted[i]);
            var perClass = new Dictionary<string, double>();
            for (var k = 0; k < classes.Count; k++)
                perClass[classes[k]] = matrix.F1(k);
            return new Dictionary<string, object>
            {
                ["confusion_matrix"] = matrix,
                ["per_class_f1"] = perClass,
            };
        }
    }
}
