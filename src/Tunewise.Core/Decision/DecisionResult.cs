using System.Collections.Immutable;

namespace Tunewise.Decision;

/// <summary>
/// The outcome of the decision procedure: the recommendation and its confidence, each question's finding,
/// the practical checks, and sentences saying what would change the decision.
/// </summary>
public sealed record DecisionResult
{
    public required Recommendation Recommendation { get; init; }

    public required DecisionConfidence Confidence { get; init; }

    /// <summary>Why the confidence is what it is, one reason per entry.</summary>
    public ImmutableArray<string> ConfidenceReasons { get; init; } = [];

    public required PromptingFinding Prompting { get; init; }

    public required GapFinding Gap { get; init; }

    public required CostFinding Cost { get; init; }

    public required SmallModelFinding SmallModel { get; init; }

    /// <summary>Where every LLM arm stands against the classical baseline; absent when the study has no baseline arm.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public BaselineFinding? Baseline { get; init; }

    public ImmutableArray<PracticalCheck> Checks { get; init; } = [];

    public ImmutableArray<string> WhatWouldChange { get; init; } = [];

    /// <summary>Every conclusion of every question, in question order.</summary>
    public ImmutableArray<Conclusion> Conclusions { get; init; } = [];

    public required DecisionThresholds Thresholds { get; init; }
}
