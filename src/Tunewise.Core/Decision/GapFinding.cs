using System.Collections.Immutable;
using Tunewise.Evaluation.Errors;

namespace Tunewise.Decision;

/// <summary>Question 2: is the gap about knowledge or behaviour?</summary>
public sealed record GapFinding : QuestionFinding
{
    public required GapVerdict Verdict { get; init; }

    /// <summary>Target (or best achievable value) − best prompting point value.</summary>
    public double? Gap { get; init; }

    /// <summary>What the gap is measured to: the requirement target, or the best arm's value when there is none.</summary>
    public double? Reference { get; init; }

    /// <summary>Every retrieval, oracle-context, fine-tuned and distilled arm's share of the gap.</summary>
    public ImmutableArray<GapShare> Shares { get; init; } = [];

    /// <summary>The best prompting arm's wrong answers by cause, when classified.</summary>
    public ErrorClassCounts? PromptingErrors { get; init; }

    public double? BehaviourErrorShare { get; init; }
}
