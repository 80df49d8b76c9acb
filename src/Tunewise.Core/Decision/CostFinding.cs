using System.Collections.Immutable;

namespace Tunewise.Decision;

/// <summary>Question 3: what each candidate costs at the study's volume, and where they break even.</summary>
public sealed record CostFinding : QuestionFinding
{
    /// <summary>Arms meeting the requirement; when none does, the best by point estimate (<see cref="CandidatesMeetRequirement"/> false).</summary>
    public ImmutableArray<ArmMonthlyCost> Candidates { get; init; } = [];

    public required bool CandidatesMeetRequirement { get; init; }

    public ImmutableArray<PairBreakEven> BreakEvens { get; init; } = [];

    public long? QueriesPerMonth { get; init; }

    public required int HorizonMonths { get; init; }

    /// <summary>The cheapest candidate at the volume; null when the volume or a candidate's cost is unknown.</summary>
    public string? CheapestArm { get; init; }

    /// <summary>True when an unknown cost stops the study from saying which candidate is cheapest.</summary>
    public required bool CostClaimBlocked { get; init; }

    /// <summary>The candidate cost and volume favour: the cheapest, or with unknown volume the one with no up-front cost.</summary>
    public string? PreferredArm { get; init; }
}
