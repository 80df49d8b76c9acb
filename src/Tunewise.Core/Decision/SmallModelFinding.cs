using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>Question 4: can a smaller model do it after fine-tuning?</summary>
public sealed record SmallModelFinding : QuestionFinding
{
    /// <summary>
    /// True when the small tuned arm's quality is shown (<see cref="QualityShown"/>) and it is cheaper.
    /// </summary>
    public required bool DistilSmall { get; init; }

    /// <summary>
    /// The small arm meets the requirement itself, or is not worse than a large arm that does; with no requirement,
    /// it is not worse than a large arm whose lower bound clears the non-inferiority margin. Non-inferiority to an arm
    /// that scores about zero is not an answer.
    /// </summary>
    public bool QualityShown { get; init; }

    /// <summary>The small arm's lower bound reaches the requirement; null when the study states none.</summary>
    public bool? SmallMeetsRequirement { get; init; }

    /// <summary>The large arm's lower bound reaches the requirement; null when the study states none.</summary>
    public bool? LargeMeetsRequirement { get; init; }

    public string? SmallArm { get; init; }

    public string? LargeArm { get; init; }

    /// <summary>Small − large on the primary metric, with its interval.</summary>
    public Estimate? QualityDifference { get; init; }

    /// <summary>How the interval was obtained: a paired test on per-example scores, or an approximation.</summary>
    public string? Test { get; init; }

    public double? PValue { get; init; }

    public ComparisonVerdict? Verdict { get; init; }

    /// <summary>The small arm's difference lower bound is above −margin.</summary>
    public bool? NonInferior { get; init; }

    /// <summary>Null when either cost is unknown.</summary>
    public bool? Cheaper { get; init; }

    public double? SmallCostPerQuery { get; init; }

    public double? LargeCostPerQuery { get; init; }

    public double? SmallLatencyP50Ms { get; init; }

    public double? LargeLatencyP50Ms { get; init; }

    public double? SmallLatencyP95Ms { get; init; }

    public double? LargeLatencyP95Ms { get; init; }
}
