using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>
/// One candidate arm priced at the study's volume. <see cref="MonthlyCost"/> = one-off ÷ horizon + fixed per
/// month + cost per query × volume; null when the volume or any part of the cost is unknown.
/// </summary>
public sealed record ArmMonthlyCost(
    string Arm,
    ArmTechnique Technique,
    Estimate Quality,
    bool MeetsRequirement,
    double? CostPerQuery,
    double? OneOffCost,
    double? AmortisedOneOffPerMonth,
    double FixedPerMonth,
    double? MonthlyCost);
