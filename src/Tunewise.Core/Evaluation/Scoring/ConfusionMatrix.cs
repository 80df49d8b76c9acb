namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Counts of (gold label, predicted label). Rows are gold labels, columns the same labels; answers that
/// named no known label are counted in <see cref="Unparsed"/>, per gold label.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;
    private readonly int[] _unparsed;

    public ConfusionMatrix(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Labels = labels;
        _counts = new int[labels.Count, labels.Count];
        _unparsed = new int[labels.Count];
    }

    public IReadOnlyList<string> Labels { get; }

    public int this[int gold, int predicted] => _counts[gold, predicted];

    public int Unparsed(int gold) => _unparsed[gold];

    /// <param name="predicted">The predicted class index, or -1 when the answer named no known label.</param>
    public void Add(int gold, int predicted)
    {
        if (predicted < 0)
            _unparsed[gold]++;
        else
            _counts[gold, predicted]++;
    }

    public int TruePositives(int label) => _counts[label, label];

    public int FalsePositives(int label)
    {
        var sum = 0;
        for (var gold = 0; gold < Labels.Count; gold++)
            sum += gold == label ? 0 : _counts[gold, label];
        return sum;
    }

    public int FalseNegatives(int label)
    {
        var sum = _unparsed[label];
        for (var predicted = 0; predicted < Labels.Count; predicted++)
            sum += predicted == label ? 0 : _counts[label, predicted];
        return sum;
    }

    /// <summary>F1 of one class, or NaN when the class neither occurs nor is predicted.</summary>
    public double F1(int label)
    {
        var tp = TruePositives(label);
        var denominator = 2 * tp + FalsePositives(label) + FalseNegatives(label);
        return denominator == 0 ? double.NaN : 2.0 * tp / denominator;
    }

    /// <summary>Rows as label → (predicted label or "(unparsed)") → count, for JSON reports.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ToRows()
    {
        var rows = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        for (var gold = 0; gold < Labels.Count; gold++)
        {
            var row = new Dictionary<string, int>();
            for (var predicted = 0; predicted < Labels.Count; predicted++)
                row[Labels[predicted]] = _counts[gold, predicted];
            row["(unparsed)"] = _unparsed[gold];
            rows[Labels[gold]] = row;
        }
        return rows;
    }
}
