namespace Tunewise.Evaluation.Scoring;

/// <summary>Base for scorers that need no I/O: implement <see cref="Score"/>.</summary>
public abstract class ScorerBase : IScorer
{
    protected ScorerBase(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public virtual IAggregateMetric? Aggregate => null;

    public abstract ScoreResult Score(ScoreRequest request);

    public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Score(request));
    }

    public override string ToString() => Name;

    protected ScoreResult NoExpected() =>
        ScoreResult.Unscorable($"metric '{Name}' needs an expected value, and this example has none");
}
