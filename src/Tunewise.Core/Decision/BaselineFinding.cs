using System.Collections.Immutable;
using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>The question before the first: does this task need an LLM at all? Answered only when the study has a baseline arm.</summary>
public sealed record BaselineFinding : QuestionFinding
{
    /// <summary>The baseline with the highest lower bound on the primary metric.</summary>
    public string? BestBaseline { get; init; }

    public Estimate? BaselineEstimate { get; init; }

    /// <summary>True when that baseline's lower bound alone reaches the requirement's target.</summary>
    public bool BaselineMeetsTarget { get; init; }

    /// <summary>One line per LLM arm.</summary>
    public ImmutableArray<BaselineStanding> Standings { get; init; } = [];
}
