namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// A metric, scored per example. When <see cref="Aggregate"/> is null the metric of a set is the mean of
/// the per-example values; otherwise the aggregate computes it from all (output, expected) pairs.
/// </summary>
public interface IScorer
{
    /// <summary>The metric name used in a study's <c>metrics:</c> list and in reports.</summary>
    string Name { get; }

    /// <summary>The set-level metric (macro-F1, micro field-F1), or null for a mean of per-example values.</summary>
    IAggregateMetric? Aggregate { get; }

    ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default);
}
