namespace Tunewise.Decision;

/// <summary>The possible outcomes of the decision procedure.</summary>
public enum RecommendationKind
{
    Prompt,
    OptimizePrompt,
    Rag,
    FineTune,
    DistilSmall,

    /// <summary>No arm's CI lower bound reaches the target.</summary>
    RequirementNotMet,

    /// <summary>The study states no requirement; the best arm is named but nothing is judged good enough.</summary>
    NoRequirement,
}
