using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>Question 1: is prompting enough?</summary>
public sealed record PromptingFinding : QuestionFinding
{
    /// <summary>True when the best prompting arm's CI lower bound reaches the target.</summary>
    public required bool PromptingIsEnough { get; init; }

    public string? BestArm { get; init; }

    public ArmTechnique? BestTechnique { get; init; }

    public Estimate? BestEstimate { get; init; }

    public double? Target { get; init; }

    /// <summary>Target − best lower bound: how far prompting is from being enough (negative = headroom).</summary>
    public double? Shortfall { get; init; }
}
