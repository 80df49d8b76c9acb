namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// A metric of a whole set that is not a mean of per-example values (macro-F1, a confusion matrix,
/// micro field-F1). It is prepared once over all pairs, then recomputed cheaply on any multiset of
/// example indices, which is what a bootstrap needs.
/// </summary>
public interface IAggregateMetric
{
    string Name { get; }

    PreparedMetric Prepare(IReadOnlyList<ScoreRequest> cases);
}
