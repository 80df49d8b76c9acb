using System.Collections.Immutable;
using Tunewise.Statistics;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// Places every LLM arm against the study's best classical baseline (<c>baseline:</c> arms), on the primary metric: above,
/// below or indistinguishable by the paired comparison over the frozen test set (exact McNemar for 0/1 scores), or by
/// the intervals when the arms were not scored on the same examples. It changes no answer of the four questions: it
/// states what an LLM buys over a classifier that costs almost nothing.
/// </summary>
public sealed class BaselineAnalyser : IDecisionAnalyser
{
    public const string AnalyserId = "baseline";

    public string Id => AnalyserId;

    public QuestionFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var metric = measurements.PrimaryMetric;
        const string question = "Does this task need an LLM at all?";
        var baselines = metric is null ? [] : measurements.Baselines.Select(b => (Arm: b, Estimate: b.Metric(metric)!)).Where(p => p.Estimate is not null).ToList();
        if (ArmSelection.Best(baselines) is not { } best)
        {
            return new BaselineFinding
            {
                Number = 0, Question = question, Answer = "Not measured",
                Reasoning = measurements.Baselines.IsEmpty ? "The study has no baseline arm." : "No baseline arm was scored on the primary metric.",
            };
        }

        var target = measurements.Requirement?.Target;
        var meets = ArmSelection.Meets(best.Estimate, target);
        var standings = ImmutableArray.CreateBuilder<BaselineStanding>();
        var conclusions = ImmutableArray.CreateBuilder<Conclusion>();
        foreach (var (arm, estimate) in ArmSelection.Scored(measurements, metric, _ => true))
        {
            var standing = Stand(arm, estimate, best.Arm, best.Estimate, metric!);
            standings.Add(standing);
            var relation = standing.Standing == "indistinguishable" ? "indistinguishable from" : standing.Standing;
            conclusions.Add(Conclusion.Hint(Id, $"{arm.Name} is {relation} the baseline {best.Arm.Name}: {standing.Evidence}", arm.Name));
        }
        var above = standings.Where(s => s.Standing == "above").Select(s => s.Arm).ToList();
        var figure = $"{best.Arm.Name} scores {metric} {Score(best.Estimate.Value)} [{Score(best.Estimate.CiLow)}, {Score(best.Estimate.CiHigh)}] with no language model";
        string answer, reasoning;
        if (meets)
        {
            answer = above.Count == 0 ? "Not on this evidence" : "Perhaps not";
            reasoning = $"{figure}, and its lower bound meets the target {Score(target!.Value)}. "
                + (above.Count == 0 ? "No LLM arm is measurably better." : $"Measurably better: {string.Join(", ", above)}; weigh that gain against their cost.");
            conclusions.Insert(0, Conclusion.Warning(Id, $"The classical baseline {best.Arm.Name} already meets the requirement (lower bound {Score(best.Estimate.CiLow)} ≥ {Score(target.Value)}): an LLM arm must beat it to be worth its cost.", best.Arm.Name));
        }
        else
        {
            answer = above.Count > 0 ? "Yes" : "Not shown";
            reasoning = $"{figure}" + (target is { } t ? $", short of the target {Score(t)}. " : ". ")
                + (above.Count > 0 ? $"Measurably better than it: {string.Join(", ", above)}." : "No LLM arm is measurably better than it.");
        }
        return new BaselineFinding
        {
            Number = 0, Question = question, Answer = answer, Reasoning = reasoning,
            BestBaseline = best.Arm.Name, BaselineEstimate = best.Estimate, BaselineMeetsTarget = meets,
            Standings = standings.ToImmutable(), Conclusions = conclusions.ToImmutable(),
        };
    }

    private static BaselineStanding Stand(ArmMeasurement arm, Estimate estimate, ArmMeasurement baseline, Estimate baselineEstimate, string metric)
    {
        if (!arm.ExampleScores.IsDefaultOrEmpty && arm.ExampleScores.Length == baseline.ExampleScores.Length)
        {
            var comparison = PairedComparer.Compare(arm.Name, baseline.Name, metric, arm.ExampleScores.AsSpan(), baseline.ExampleScores.AsSpan());
            var standing = comparison.Verdict switch
            {
                ComparisonVerdict.ABetter => "above",
                ComparisonVerdict.BBetter => "below",
                _ => "indistinguishable",
            };
            return new BaselineStanding(arm.Name, baseline.Name, standing, comparison.Difference, comparison.PValue, comparison.Summary);
        }
        var byInterval = estimate.CiLow > baselineEstimate.CiHigh ? "above" : estimate.CiHigh < baselineEstimate.CiLow ? "below" : "indistinguishable";
        return new BaselineStanding(arm.Name, baseline.Name, byInterval, null, null,
            $"{metric} {Score(estimate.Value)} [{Score(estimate.CiLow)}, {Score(estimate.CiHigh)}] against {Score(baselineEstimate.Value)} [{Score(baselineEstimate.CiLow)}, {Score(baselineEstimate.CiHigh)}] (intervals compared: the arms were not scored on the same examples)");
    }
}
