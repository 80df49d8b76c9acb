using System.Collections.Immutable;
using System.Text;
using Tunewise.Economics;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// Question 3. Prices every arm that meets the requirement (or, when none does, the best three by point
/// estimate, flagged) at the study's monthly volume, with one-off costs spread over the horizon, and
/// finds the break-even volume of every pair. With no stated volume, the candidate with no up-front cost
/// is preferred: prompting wins unless quality forces otherwise. An unknown cost is never read as 0.
/// </summary>
public sealed class CostAnalyser : IDecisionAnalyser
{
    public const string AnalyserId = "cost";
    private const int FallbackCandidates = 3;

    public string Id => AnalyserId;

    QuestionFinding IDecisionAnalyser.Analyse(StudyMeasurements measurements, DecisionThresholds thresholds) => Analyse(measurements, thresholds);

    public CostFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(thresholds);
        var horizon = thresholds.HorizonMonths;
        var volume = measurements.QueriesPerMonth;
        var qualifying = ArmSelection.Qualifying(measurements);
        var meets = qualifying.Count > 0;
        var chosen = meets
            ? qualifying
            : [.. ArmSelection.Scored(measurements, measurements.PrimaryMetric, a => a.Technique.IsDeployable())
                .OrderByDescending(p => p.Estimate.Value).ThenBy(p => p.Arm.Name, StringComparer.Ordinal).Take(FallbackCandidates)];
        var conclusions = ImmutableArray.CreateBuilder<Conclusion>();
        var reasoning = new StringBuilder();
        if (chosen.Count == 0)
        {
            return new CostFinding
            {
                Number = 3, Question = "Volume and cost", CandidatesMeetRequirement = false, HorizonMonths = horizon, QueriesPerMonth = volume, CostClaimBlocked = true,
                Answer = "No arm to price.", Reasoning = "No deployable arm has an estimate on the primary metric.",
            };
        }
        if (!meets)
        {
            var why = measurements.Requirement is null ? "The study states no requirement" : "No arm meets the requirement";
            conclusions.Add(Conclusion.Warning(AnalyserId, $"{why}; the arms priced are the best by point estimate, not arms shown to be good enough."));
            reasoning.Append($"{why}, so the best {chosen.Count} by point estimate are priced instead. ");
        }

        var candidates = chosen.Select(c =>
        {
            var amortised = c.Arm.OneOffCost / horizon;
            var monthly = volume is { } v && c.Arm.CostPerQuery is { } perQuery && amortised is { } a ? a + c.Arm.FixedPerMonth + perQuery * v : (double?)null;
            return new ArmMonthlyCost(c.Arm.Name, c.Arm.Technique, c.Estimate, meets, c.Arm.CostPerQuery, c.Arm.OneOffCost, amortised, c.Arm.FixedPerMonth, monthly);
        }).ToImmutableArray();

        var unknown = candidates.Where(c => c.CostPerQuery is null || c.OneOffCost is null).Select(c => c.Arm).ToList();
        foreach (var arm in unknown)
            conclusions.Add(Conclusion.Error(AnalyserId, $"The cost of {arm} is unknown (no price for its model or its training); no cost claim is made about it.", arm));

        var breakEvens = ImmutableArray.CreateBuilder<PairBreakEven>();
        for (var i = 0; i < candidates.Length; i++)
        {
            for (var j = i + 1; j < candidates.Length; j++)
                breakEvens.Add(BreakEvenOf(candidates[i], candidates[j], horizon));
        }

        foreach (var c in candidates)
        {
            reasoning.Append($"{c.Arm}: {Score(c.Quality.Value)} (lower bound {Score(c.Quality.CiLow)}), ");
            reasoning.Append(c.CostPerQuery is { } q ? $"{Money(q)} per query" : "cost per query unknown");
            reasoning.Append(c.OneOffCost is { } o ? (o > 0 ? $", {Money(o)} one-off ({Money(o / horizon)} a month over {horizon} months)" : "") : ", one-off cost unknown");
            reasoning.Append(c.MonthlyCost is { } m ? $", {Money(m)} a month at {Volume(volume!.Value)} queries. " : ". ");
        }
        foreach (var pair in breakEvens)
            reasoning.Append(pair.Explanation).Append(' ');

        var blocked = unknown.Count > 0;
        string? cheapest = null;
        string? preferred;
        string answer;
        if (volume is null)
        {
            conclusions.Add(Conclusion.Warning(AnalyserId, "The study states no monthly volume; costs are compared per query and break-even volumes only."));
            var upFrontFree = candidates.Where(c => c.OneOffCost == 0 && c.FixedPerMonth == 0).ToList();
            preferred = (upFrontFree.Count > 0 ? upFrontFree : [.. candidates])
                .OrderByDescending(c => c.Quality.CiLow).ThenByDescending(c => c.Quality.Value).First().Arm;
            answer = upFrontFree.Count > 0
                ? $"Volume unknown: {preferred} needs no up-front spend, so it is preferred."
                : $"Volume unknown, and every candidate needs an up-front spend: quality decides ({preferred}).";
        }
        else if (blocked)
        {
            preferred = null;
            answer = $"Cannot say which arm is cheapest: the cost of {string.Join(", ", unknown)} is unknown.";
        }
        else
        {
            var best = candidates.MinBy(c => c.MonthlyCost!.Value)!;
            cheapest = preferred = best.Arm;
            answer = $"At {Volume(volume.Value)} queries a month, {best.Arm} is cheapest: {Money(best.MonthlyCost!.Value)} a month.";
        }

        return new CostFinding
        {
            Number = 3, Question = "Volume and cost", Candidates = candidates, CandidatesMeetRequirement = meets, BreakEvens = breakEvens.ToImmutable(),
            QueriesPerMonth = volume, HorizonMonths = horizon, CheapestArm = cheapest, CostClaimBlocked = blocked, PreferredArm = preferred,
            Answer = answer, Reasoning = reasoning.ToString().TrimEnd(), Conclusions = conclusions.ToImmutable(),
        };
    }

    private static PairBreakEven BreakEvenOf(ArmMonthlyCost a, ArmMonthlyCost b, int horizon)
    {
        if (a.OneOffCost is not { } oneOffA || b.OneOffCost is not { } oneOffB || a.CostPerQuery is null || b.CostPerQuery is null)
            return new PairBreakEven(a.Arm, b.Arm, null, $"Break-even of {a.Arm} and {b.Arm} unknown: a cost is unknown.");
        var result = BreakEven.MonthlyVolume(
            new ArmCost(a.Arm, oneOffA, a.FixedPerMonth, a.CostPerQuery),
            new ArmCost(b.Arm, oneOffB, b.FixedPerMonth, b.CostPerQuery), horizon)!;
        return new PairBreakEven(a.Arm, b.Arm, result, result.Explanation);
    }
}
