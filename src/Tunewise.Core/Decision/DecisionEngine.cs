using System.Collections.Immutable;
using Tunewise.Statistics;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// Walks the four questions over recorded measurements and turns their findings into one recommendation,
/// its confidence and what would change it. It never calls a model. The questions are answered by the
/// analysers it is given; the recommendation needs an answer to each of the four, and any further
/// analyser's conclusions are reported beside them.
/// </summary>
public sealed class DecisionEngine
{
    private readonly CompositeDecisionAnalyser _analysers;

    public DecisionEngine(CompositeDecisionAnalyser analysers) => _analysers = analysers ?? throw new ArgumentNullException(nameof(analysers));

    /// <summary>The engine over <see cref="DecisionAnalysers.Default"/>.</summary>
    public static DecisionEngine Default { get; } = new(DecisionAnalysers.Default);

    public DecisionResult Decide(StudyMeasurements measurements, DecisionThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        thresholds ??= DecisionThresholds.Default;
        measurements.Validate();
        var findings = _analysers.Analyse(measurements, thresholds);
        var prompting = Answer<PromptingFinding>(findings, 1);
        var gap = Answer<GapFinding>(findings, 2);
        var cost = Answer<CostFinding>(findings, 3);
        var small = Answer<SmallModelFinding>(findings, 4);
        var checks = PracticalChecks.Check(measurements);

        var (recommendation, chosen) = Recommend(measurements, prompting, gap, cost, small);
        var (confidence, reasons) = Rate(measurements, thresholds, recommendation, chosen, cost, checks);
        var conclusions = findings.SelectMany(f => f.Conclusions)
            .Concat(checks.Where(c => c.Status == CheckStatus.Failed).Select(c => Conclusion.Warning("practical-checks", c.Detail)))
            .ToImmutableArray();

        return new DecisionResult
        {
            Recommendation = recommendation, Confidence = confidence, ConfidenceReasons = reasons,
            Prompting = prompting, Gap = gap, Cost = cost, SmallModel = small, Checks = checks,
            Baseline = measurements.Baselines.IsEmpty ? null : findings.OfType<BaselineFinding>().FirstOrDefault(),
            WhatWouldChange = WhatWouldChange(measurements, thresholds, recommendation, prompting, cost, small),
            Conclusions = conclusions, Thresholds = thresholds,
        };
    }

    private static T Answer<T>(ImmutableArray<QuestionFinding> findings, int question) where T : QuestionFinding =>
        findings.OfType<T>().SingleOrDefault()
        ?? throw new InvalidOperationException($"The decision needs exactly one analyser answering question {question} ({typeof(T).Name}); the analysers given answer {findings.OfType<T>().Count()}.");

    private static (Recommendation, (ArmMeasurement Arm, Estimate Estimate)?) Recommend(
        StudyMeasurements measurements, PromptingFinding prompting, GapFinding gap, CostFinding cost, SmallModelFinding small)
    {
        var metric = measurements.PrimaryMetric;
        var deployable = ArmSelection.Scored(measurements, metric, a => a.Technique.IsDeployable()).ToList();
        (ArmMeasurement Arm, Estimate Estimate)? Find(string? name) => deployable.FirstOrDefault(d => d.Arm.Name == name) is { Arm: not null } found ? found : null;

        if (prompting.PromptingIsEnough)
        {
            var best = Find(prompting.BestArm)!.Value;
            return (Of(best, small, $"Prompting is enough: {best.Arm.Name} reaches the target with lower bound {Score(best.Estimate.CiLow)}."), best);
        }

        if (measurements.Requirement is null)
        {
            if (ArmSelection.Best(deployable) is not { } top)
                return (new Recommendation(RecommendationKind.NoRequirement, null, null, null, null, "No arm was measured on a metric."), null);
            return (new Recommendation(RecommendationKind.NoRequirement, top.Arm.Name, top.Arm.Model, top.Arm.FineTuneMethod, top.Estimate,
                $"The study states no requirement; {top.Arm.Name} has the highest lower bound ({Score(top.Estimate.CiLow)}). State a target to get a recommendation."), top);
        }

        var qualifying = ArmSelection.Qualifying(measurements);
        if (qualifying.Count == 0)
        {
            var closest = ArmSelection.BestByPoint(deployable);
            return (new Recommendation(RecommendationKind.RequirementNotMet, closest?.Arm.Name, closest?.Arm.Model, closest?.Arm.FineTuneMethod, closest?.Estimate,
                closest is { } c
                    ? $"No arm meets the requirement {measurements.Requirement.Metric} ≥ {Score(measurements.Requirement.Target)}: the closest, {c.Arm.Name}, has {Score(c.Estimate.Value)} with lower bound {Score(c.Estimate.CiLow)}."
                    : "No arm was measured on the requirement's metric."), closest);
        }

        (ArmMeasurement Arm, Estimate Estimate)? InQualifying(string? name) => qualifying.FirstOrDefault(q => q.Arm.Name == name) is { Arm: not null } found ? found : null;
        if (small.DistilSmall && InQualifying(small.SmallArm) is { } smallArm)
            return (Of(smallArm, small, $"{smallArm.Arm.Name} on the small model {smallArm.Arm.Model} meets the target, is not worse than {small.LargeArm} and is cheaper."), smallArm);
        if (InQualifying(cost.CheapestArm) is { } cheapest)
            return (Of(cheapest, small, $"{cheapest.Arm.Name} meets the target (lower bound {Score(cheapest.Estimate.CiLow)}) and is the cheapest arm that does at {Volume(measurements.QueriesPerMonth ?? 0)} queries a month."), cheapest);
        if (InQualifying(cost.PreferredArm) is { } preferred)
            return (Of(preferred, small, $"{preferred.Arm.Name} meets the target (lower bound {Score(preferred.Estimate.CiLow)}); with no stated volume, the arm with no up-front spend is preferred."), preferred);

        var byGap = gap.Verdict switch
        {
            GapVerdict.Knowledge => ArmSelection.Best(qualifying.Where(q => q.Arm.Technique == ArmTechnique.Retrieval)),
            GapVerdict.Behaviour => ArmSelection.Best(qualifying.Where(q => q.Arm.Technique.IsTrained())),
            _ => null,
        } ?? ArmSelection.Best(qualifying)!.Value;
        return (Of(byGap, small, $"{byGap.Arm.Name} meets the target (lower bound {Score(byGap.Estimate.CiLow)}); costs are unknown, so the choice follows quality and the gap's nature ({gap.Verdict})."), byGap);
    }

    private static Recommendation Of((ArmMeasurement Arm, Estimate Estimate) chosen, SmallModelFinding small, string why)
    {
        var arm = chosen.Arm;
        var kind = arm.Technique switch
        {
            ArmTechnique.Optimized => RecommendationKind.OptimizePrompt,
            _ when arm.Technique.IsPrompting() => RecommendationKind.Prompt,
            ArmTechnique.Retrieval => RecommendationKind.Rag,
            ArmTechnique.Distilled => RecommendationKind.DistilSmall,
            ArmTechnique.FineTuned when small.DistilSmall && small.SmallArm == arm.Name => RecommendationKind.DistilSmall,
            _ => RecommendationKind.FineTune,
        };
        var action = kind switch
        {
            RecommendationKind.Prompt => $"Prompt: {arm.Name} on {arm.Model}.",
            RecommendationKind.OptimizePrompt => $"Optimize the prompt: {arm.Name} on {arm.Model}.",
            RecommendationKind.Rag => $"RAG: {arm.Name} on {arm.Model}.",
            RecommendationKind.DistilSmall => $"Distil to the smaller model {arm.Model} ({arm.Name}{MethodSuffix(arm)}).",
            _ => $"Fine-tune {arm.Model} with {MethodName(arm)} ({arm.Name}).",
        };
        return new Recommendation(kind, arm.Name, arm.Model, arm.FineTuneMethod, chosen.Estimate, $"{action} {why}");
    }

    private static string MethodName(ArmMeasurement arm) => arm.FineTuneMethod switch
    {
        Studies.FineTuneMethod.Full => "full fine-tuning",
        Studies.FineTuneMethod.Lora => "LoRA",
        Studies.FineTuneMethod.Qlora => "QLoRA",
        _ => "an unstated method",
    };

    private static string MethodSuffix(ArmMeasurement arm) => arm.FineTuneMethod is null ? "" : $", {MethodName(arm)}";

    /// <summary>
    /// High: the chosen arm's lower bound clears the target by at least the confidence margin, its interval
    /// is no wider than the confidence width, the cost comparison is complete, and no practical check failed.
    /// Low: no arm meets (or there is no) requirement, or the interval is more than twice the confidence width.
    /// Medium: everything else.
    /// </summary>
    private static (DecisionConfidence, ImmutableArray<string>) Rate(StudyMeasurements measurements, DecisionThresholds thresholds,
        Recommendation recommendation, (ArmMeasurement Arm, Estimate Estimate)? chosen, CostFinding cost, ImmutableArray<PracticalCheck> checks)
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        if (recommendation.Kind == RecommendationKind.RequirementNotMet)
            return (DecisionConfidence.Low, ["No arm meets the requirement."]);
        if (recommendation.Kind == RecommendationKind.NoRequirement || chosen is not { } c)
            return (DecisionConfidence.Low, ["The study states no requirement."]);

        var margin = c.Estimate.CiLow - measurements.Requirement!.Target;
        var width = c.Estimate.Width;
        var high = true;
        var low = false;
        if (margin >= thresholds.ConfidenceMargin)
            reasons.Add($"The lower bound clears the target by {Score(margin)} (at least {Score(thresholds.ConfidenceMargin)}).");
        else
        {
            high = false;
            reasons.Add($"The lower bound clears the target by only {Score(margin)} (less than {Score(thresholds.ConfidenceMargin)}).");
        }
        if (!(width <= 2 * thresholds.ConfidenceCiWidth))
        {
            low = true;
            reasons.Add($"The interval is {Score(width)} wide, more than twice {Score(thresholds.ConfidenceCiWidth)}.");
        }
        else if (width > thresholds.ConfidenceCiWidth)
        {
            high = false;
            reasons.Add($"The interval is {Score(width)} wide, more than {Score(thresholds.ConfidenceCiWidth)}.");
        }
        else
        {
            reasons.Add($"The interval is {Score(width)} wide (at most {Score(thresholds.ConfidenceCiWidth)}).");
        }
        if (cost.Candidates.Length > 1 && (cost.CostClaimBlocked || cost.QueriesPerMonth is null))
        {
            high = false;
            reasons.Add(cost.CostClaimBlocked ? "An unknown cost leaves the cost comparison incomplete." : "No monthly volume was stated, so monthly costs were not compared.");
        }
        var failed = checks.Where(k => k.Status == CheckStatus.Failed).Select(k => k.Name).ToList();
        if (failed.Count > 0)
        {
            high = false;
            reasons.Add($"Practical checks failed: {string.Join(", ", failed)}.");
        }
        return (low ? DecisionConfidence.Low : high ? DecisionConfidence.High : DecisionConfidence.Medium, reasons.ToImmutable());
    }

    private static ImmutableArray<string> WhatWouldChange(StudyMeasurements measurements, DecisionThresholds thresholds, Recommendation recommendation,
        PromptingFinding prompting, CostFinding cost, SmallModelFinding small)
    {
        var sentences = ImmutableArray.CreateBuilder<string>();
        var target = measurements.Requirement?.Target;
        if (target is { } t && prompting.BestEstimate is { } p && double.IsFinite(p.CiLow))
        {
            var bound = Math.Floor(p.CiLow * 1000) / 1000;
            sentences.Add(prompting.PromptingIsEnough
                ? $"If the requirement rose above {Score(p.CiLow)} (instead of {Score(t)}), prompting ({prompting.BestArm}) would no longer be enough."
                : $"If the requirement were {Score(bound)} instead of {Score(t)}, prompting ({prompting.BestArm}) would be enough.");
        }
        if (recommendation.Kind == RecommendationKind.RequirementNotMet && target is { } t2 && recommendation.Quality is { } q && double.IsFinite(q.CiLow))
        {
            var best = ArmSelection.Best(ArmSelection.Scored(measurements, measurements.PrimaryMetric, a => a.Technique.IsDeployable()))!.Value;
            sentences.Add($"If the requirement were {Score(Math.Floor(best.Estimate.CiLow * 1000) / 1000)} instead of {Score(t2)}, {best.Arm.Name} would meet it.");
        }

        var chosen = recommendation.Arm;
        foreach (var pair in cost.BreakEvens)
        {
            if (pair.Result is not { Kind: Economics.BreakEvenKind.Crosses, Volume: { } v } result || chosen is null || (pair.ArmA != chosen && pair.ArmB != chosen))
                continue;
            var other = pair.ArmA == chosen ? pair.ArmB : pair.ArmA;
            var chosenMonthly = cost.Candidates.FirstOrDefault(c => c.Arm == chosen)?.MonthlyCost;
            var otherMonthly = cost.Candidates.FirstOrDefault(c => c.Arm == other)?.MonthlyCost;
            if (chosenMonthly is { } mine && otherMonthly is { } theirs && theirs < mine)
            {
                // The recommendation stands on quality grounds (prompting is enough), but cost alone points elsewhere.
                sentences.Add($"At the stated {Volume(cost.QueriesPerMonth!.Value)} queries a month, {other} is already cheaper than {chosen} ({Money(theirs)} vs {Money(mine)} a month); "
                    + $"{chosen} is cheaper only {(result.CheaperBelow == chosen ? "under" : "over")} {Volume(v)} queries a month.");
                continue;
            }
            sentences.Add(result.CheaperAbove == chosen
                ? $"At under {Volume(v)} queries a month, {other} would be cheaper than {chosen}."
                : $"At over {Volume(v)} queries a month, {other} would be cheaper than {chosen}.");
        }
        foreach (var candidate in cost.Candidates.Where(c => c.CostPerQuery is null || c.OneOffCost is null))
            sentences.Add($"Knowing the cost of {candidate.Arm} would allow a cost comparison that could change the choice.");
        if (cost.QueriesPerMonth is null && cost.Candidates.Length > 1)
            sentences.Add("Stating the monthly volume would let the decision compare monthly costs instead of preferring the arm with no up-front spend.");
        if (small.NonInferior == false && small.QualityDifference is { } d && recommendation.Kind != RecommendationKind.DistilSmall)
            sentences.Add($"If {small.SmallArm} were at most {Score(thresholds.NonInferiorityMargin)} worse than {small.LargeArm} (its difference's lower bound is {Signed(d.CiLow)}), the smaller model would be a candidate.");
        return sentences.ToImmutable();
    }
}
