namespace Tunewise.Decision;

/// <summary>How firmly the measurements support the recommendation; the rules are in docs/decision.md.</summary>
public enum DecisionConfidence
{
    Low,
    Medium,
    High,
}
