namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// An aggregate metric bound to one set of examples. <see cref="Compute"/> reuses scratch buffers and
/// is not thread-safe: use one instance per thread.
/// </summary>
public abstract class PreparedMetric
{
    public abstract int Count { get; }

    /// <summary>The metric on a multiset of indices into the prepared cases (repeats count).</summary>
    public abstract double Compute(ReadOnlySpan<int> indices);

    public double ComputeAll()
    {
        var indices = new int[Count];
        for (var i = 0; i < indices.Length; i++)
            indices[i] = i;
        return Compute(indices);
    }

    /// <summary>Supporting figures over the full set (confusion matrix, precision, recall), for reports.</summary>
    public virtual IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object>();
}
