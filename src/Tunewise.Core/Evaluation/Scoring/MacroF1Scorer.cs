namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Macro-F1 over the classes. Per example it scores like accuracy (so results.jsonl stays readable);
/// the set-level value comes from <see cref="MacroF1Metric"/>.
/// </summary>
public sealed class MacroF1Scorer(IReadOnlyList<string>? labels = null) : AccuracyScorer(labels, "macro_f1")
{
    public override IAggregateMetric? Aggregate { get; } = new MacroF1Metric(labels);
}
