using System.Collections.Immutable;
using System.Text;
using Tunewise.Statistics;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// Question 4. The best fine-tuned or distilled small-model arm against the best prompted large-model arm:
/// a paired test on quality when both have per-example scores (else an approximation from the intervals,
/// stated), cost and latency. Distil or fine-tune small when the difference's lower bound is above
/// −<see cref="DecisionThresholds.NonInferiorityMargin"/> and it is cheaper. An arm is called better
/// only when the difference's interval excludes 0.
/// </summary>
public sealed class SmallModelAnalyser : IDecisionAnalyser
{
    public const string AnalyserId = "small-model";
    private const string Question = "Can a smaller model do it after fine-tuning?";

    public string Id => AnalyserId;

    QuestionFinding IDecisionAnalyser.Analyse(StudyMeasurements measurements, DecisionThresholds thresholds) => Analyse(measurements, thresholds);

    public SmallModelFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(thresholds);
        var metric = measurements.PrimaryMetric;
        var small = ArmSelection.Best(ArmSelection.Scored(measurements, metric, a => a.Technique.IsTrained() && a.Scale == ModelScale.Small));
        var large = ArmSelection.Best(ArmSelection.Scored(measurements, metric, a => a.Technique.IsPrompting() && a.Scale == ModelScale.Large));
        if (small is not { } s || large is not { } l)
        {
            var missing = small is null ? "no fine-tuned or distilled arm on a model marked small" : "no prompting arm on a model marked large";
            return new SmallModelFinding
            {
                Number = 4, Question = Question, DistilSmall = false, SmallArm = small?.Arm.Name, LargeArm = large?.Arm.Name,
                Answer = "Not measured.", Reasoning = $"The study has {missing}, so a smaller tuned model cannot be compared with the large one.",
            };
        }

        Estimate difference;
        string test;
        double? p = null;
        ComparisonVerdict verdict;
        var options = new PairedComparisonOptions { Alpha = thresholds.Alpha };
        if (s.Arm.ExampleScores.Length > 0 && s.Arm.ExampleScores.Length == l.Arm.ExampleScores.Length)
        {
            var comparison = PairedComparer.Compare(s.Arm.Name, l.Arm.Name, metric!, s.Arm.ExampleScores.AsSpan(), l.Arm.ExampleScores.AsSpan(), options);
            difference = comparison.Difference;
            test = comparison.Test;
            p = comparison.PValue;
            verdict = comparison.Verdict;
        }
        else
        {
            var z = NormalDistribution.Quantile(1 - thresholds.Alpha / 2);
            var seS = s.Estimate.Width / (2 * z);
            var seL = l.Estimate.Width / (2 * z);
            var point = s.Estimate.Value - l.Estimate.Value;
            var half = z * Math.Sqrt(seS * seS + seL * seL);
            difference = new Estimate(point, point - half, point + half, Math.Min(s.Estimate.N, l.Estimate.N));
            test = "normal approximation from the two intervals, assumed independent (no per-example scores)";
            verdict = difference.CiLow > 0 ? ComparisonVerdict.ABetter : difference.CiHigh < 0 ? ComparisonVerdict.BBetter : ComparisonVerdict.NoDetectableDifference;
        }

        var nonInferior = difference.CiLow >= -thresholds.NonInferiorityMargin;
        var volume = measurements.QueriesPerMonth;
        double? CostOf(ArmMeasurement arm) => arm.CostPerQuery is { } q && arm.OneOffCost is { } o
            ? (volume is { } v && v > 0 ? q + (o / thresholds.HorizonMonths + arm.FixedPerMonth) / v : q)
            : null;
        var smallCost = CostOf(s.Arm);
        var largeCost = CostOf(l.Arm);
        bool? cheaper = smallCost is { } sc && largeCost is { } lc ? sc < lc : null;
        // Not being worse than an arm that itself fails the task proves nothing (0.00 is not worse than 0.00). So the
        // small arm's quality counts only when it meets the requirement itself, or is non-inferior to a large arm that
        // does; with no requirement, only when the large arm's lower bound clears the margin, so the margin cannot
        // swallow the whole score.
        var target = measurements.Requirement?.Target;
        bool? smallMeets = target is null ? null : ArmSelection.Meets(s.Estimate, target);
        bool? largeMeets = target is null ? null : ArmSelection.Meets(l.Estimate, target);
        var referenceIsAboveMargin = l.Estimate.CiLow > thresholds.NonInferiorityMargin;
        var qualityShown = target is null ? nonInferior && referenceIsAboveMargin : smallMeets == true || (nonInferior && largeMeets == true);
        var distil = qualityShown && cheaper == true;

        var reasoning = new StringBuilder();
        reasoning.Append($"{s.Arm.Name} ({s.Arm.Model}) vs {l.Arm.Name} ({l.Arm.Model}) on {metric}: difference {Signed(difference.Value)} (95% CI {Signed(difference.CiLow)} to {Signed(difference.CiHigh)}), {test}");
        reasoning.Append(p is { } pv ? $", p = {Score(pv)}. " : ". ");
        reasoning.Append(verdict switch
        {
            ComparisonVerdict.ABetter => $"{s.Arm.Name} is better. ",
            ComparisonVerdict.BBetter => $"{l.Arm.Name} is better. ",
            _ => "The study cannot tell them apart on quality. ",
        });
        reasoning.Append(nonInferior
            ? $"The lower bound is above −{Score(thresholds.NonInferiorityMargin)}, so the small model is not worse. "
            : $"The lower bound is below −{Score(thresholds.NonInferiorityMargin)}, so the small model may be worse. ");
        if (target is { } t)
        {
            reasoning.Append(smallMeets == true
                ? $"{s.Arm.Name} meets the requirement (lower bound {Score(s.Estimate.CiLow)} ≥ {Score(t)}). "
                : largeMeets == true
                    ? $"{s.Arm.Name} misses the requirement (lower bound {Score(s.Estimate.CiLow)} < {Score(t)}); {l.Arm.Name} meets it{(nonInferior ? ", and the small arm is not worse than it" : "")}. "
                    : $"Neither meets the requirement (lower bounds {Score(s.Estimate.CiLow)} and {Score(l.Estimate.CiLow)} < {Score(t)}), so not being worse than {l.Arm.Name} shows nothing. ");
        }
        else if (nonInferior && !referenceIsAboveMargin)
        {
            reasoning.Append($"{l.Arm.Name}'s lower bound {Score(l.Estimate.CiLow)} is within the margin of zero, so not being worse than it shows nothing. ");
        }
        reasoning.Append(cheaper switch
        {
            true => $"It is cheaper: {Money(smallCost!.Value)} vs {Money(largeCost!.Value)} per query{(volume is null ? "" : " including amortised fixed costs")}. ",
            false => $"It is not cheaper: {Money(smallCost!.Value)} vs {Money(largeCost!.Value)} per query{(volume is null ? "" : " including amortised fixed costs")}. ",
            null => "Its cost cannot be compared: a cost is unknown. ",
        });
        if (s.Arm.LatencyP50Ms is { } s50 && l.Arm.LatencyP50Ms is { } l50)
            reasoning.Append($"Latency p50: {Score(s50)} ms vs {Score(l50)} ms. ");
        if (s.Arm.LatencyP95Ms is { } s95 && l.Arm.LatencyP95Ms is { } l95)
            reasoning.Append($"Latency p95: {Score(s95)} ms vs {Score(l95)} ms.");

        var conclusions = ImmutableArray.CreateBuilder<Conclusion>();
        if (cheaper is null)
            conclusions.Add(Conclusion.Error(AnalyserId, "A cost is unknown, so the small model cannot be called cheaper."));
        if (distil)
            conclusions.Add(Conclusion.Hint(AnalyserId, $"{s.Arm.Name} is not worse than {l.Arm.Name} within {Score(thresholds.NonInferiorityMargin)} and cheaper.", s.Arm.Name));

        return new SmallModelFinding
        {
            Number = 4, Question = Question, DistilSmall = distil, SmallArm = s.Arm.Name, LargeArm = l.Arm.Name,
            QualityDifference = difference, Test = test, PValue = p, Verdict = verdict, NonInferior = nonInferior, Cheaper = cheaper,
            SmallCostPerQuery = s.Arm.CostPerQuery, LargeCostPerQuery = l.Arm.CostPerQuery,
            SmallLatencyP50Ms = s.Arm.LatencyP50Ms, LargeLatencyP50Ms = l.Arm.LatencyP50Ms,
            SmallLatencyP95Ms = s.Arm.LatencyP95Ms, LargeLatencyP95Ms = l.Arm.LatencyP95Ms,
            SmallMeetsRequirement = smallMeets, LargeMeetsRequirement = largeMeets, QualityShown = qualityShown,
            Answer = distil
                ? $"Yes: {(s.Arm.Technique == ArmTechnique.Distilled ? "distil to" : "fine-tune")} {s.Arm.Model} ({s.Arm.Name})."
                : !qualityShown
                    ? target is not null
                        ? !nonInferior
                            ? $"No: {s.Arm.Name} may be worse than {l.Arm.Name}, and does not meet the requirement."
                            : $"No: {s.Arm.Name} does not meet the requirement, and {l.Arm.Name} does not either."
                        : nonInferior
                            ? $"Not shown: {l.Arm.Name} itself scores within the margin of zero, so matching it is no answer."
                            : $"No: {s.Arm.Name} may be worse than {l.Arm.Name}."
                    : cheaper is null ? "Not worse, but the cost comparison is unknown." : $"No: {s.Arm.Name} is not cheaper.",
            Reasoning = reasoning.ToString().TrimEnd(), Conclusions = conclusions.ToImmutable(),
        };
    }
}
