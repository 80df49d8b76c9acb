namespace Tunewise.Studies;

/// <summary>
/// Prompt optimization in the manner of DSPy's random search: <see cref="Candidates"/> demonstration sets drawn from
/// train are scored on the dev split with successive halving (start on <see cref="FirstRungExamples"/> dev examples,
/// keep the better half, double the examples) until one is left; the test set is evaluated once, with the winner.
/// </summary>
public sealed record OptimizeSpec
{
    public int Candidates { get; init; } = 8;
    public int FirstRungExamples { get; init; } = 8;

    /// <summary>Model calls the search may make in total; null means no limit besides the halving schedule.</summary>
    public int? MaxCalls { get; init; }

    /// <summary>Dollars the search may spend (at the model's price); null means no limit.</summary>
    public decimal? MaxUsd { get; init; }

    /// <summary>Alternative templates tried alongside the arm's own; candidates alternate between them.</summary>
    public System.Collections.Immutable.ImmutableArray<string> Instructions { get; init; } = [];

    /// <summary>
    /// DSPy's bootstrap few-shot: ask the arm's model zero-shot on training examples first and draw demonstrations only
    /// from those it answered correctly (falling back to all of train when too few are).
    /// </summary>
    public bool Bootstrap { get; init; }
}
