using Tunewise.Statistics;
using static Tunewise.Decision.DecisionFormat;

namespace Tunewise.Decision;

/// <summary>
/// Question 1. The best prompting arm (zero-shot, few-shot, CoT, format-constrained, optimized) is judged on
/// its 95% CI lower bound: if that reaches the target, prompting is enough and the procedure stops.
/// </summary>
public sealed class PromptingAnalyser : IDecisionAnalyser
{
    private static string Names(IReadOnlyList<NotRunArm> arms) => arms.Count == 1
        ? arms[0].Name
        : string.Join(", ", arms.Take(arms.Count - 1).Select(a => a.Name)) + " and " + arms[^1].Name;

    public const string AnalyserId = "prompting";

    public string Id => AnalyserId;

    QuestionFinding IDecisionAnalyser.Analyse(StudyMeasurements measurements, DecisionThresholds thresholds) => Analyse(measurements, thresholds);

    public PromptingFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(thresholds);
        const string question = "Is prompting enough?";
        var metric = measurements.PrimaryMetric;
        var target = measurements.Requirement?.Target;
        var best = ArmSelection.Best(ArmSelection.Scored(measurements, metric, a => a.Technique.IsPrompting()));
        if (best is not { } b)
        {
            var unfit = measurements.NotRun.Where(a => a.Technique.IsPrompting() && a.ForContext).ToList();
            if (unfit.Count > 0)
            {
                return new PromptingFinding
                {
                    Number = 1, Question = question, PromptingIsEnough = false, Target = target,
                    Answer = $"No prompting arm was measured: {Names(unfit)} {(unfit.Count == 1 ? "was" : "were")} not run because {(unfit.Count == 1 ? "its prompts do" : "their prompts do")} not fit the model's context.",
                    Reasoning = string.Join(" ", unfit.Select(a => $"{a.Name}: {a.Reason}.")) + " Prompting is not judged on text the model could not see, so question 1 has no answer from this study.",
                    Conclusions = [Conclusion.Warning(AnalyserId, "Make the prompts fit: a shorter template (without the label list), fewer demonstrations, truncate: input, or a model with a longer context.")],
                };
            }
            return new PromptingFinding
            {
                Number = 1, Question = question, PromptingIsEnough = false, Target = target,
                Answer = "No prompting arm was measured.",
                Reasoning = $"No zero-shot, few-shot, chain-of-thought, format-constrained or optimized arm has a {metric ?? "metric"} estimate, so prompting cannot be judged.",
                Conclusions = [Conclusion.Warning(AnalyserId, "Measure at least one prompting arm: it is the baseline every other option must beat.")],
            };
        }

        var description = $"The best prompting arm is {b.Arm.Name} ({b.Arm.Technique}, {b.Arm.Model}) with {metric} {Estimate(b.Estimate)}";
        if (target is not { } t)
        {
            return new PromptingFinding
            {
                Number = 1, Question = question, PromptingIsEnough = false, BestArm = b.Arm.Name, BestTechnique = b.Arm.Technique, BestEstimate = b.Estimate,
                Answer = "Cannot tell: the study states no requirement.",
                Reasoning = description + ". Without a requirement target there is no bar to meet; the best achievable quality stands in for it in question 2.",
                Conclusions = [Conclusion.Warning(AnalyserId, "State a requirement (metric and target) so the decision can say whether an arm is good enough.")],
            };
        }

        var shortfall = t - b.Estimate.CiLow;
        var enough = ArmSelection.Meets(b.Estimate, t);
        var optimized = b.Arm.Technique == ArmTechnique.Optimized;
        return new PromptingFinding
        {
            Number = 1, Question = question, PromptingIsEnough = enough, BestArm = b.Arm.Name, BestTechnique = b.Arm.Technique,
            BestEstimate = b.Estimate, Target = t, Shortfall = shortfall,
            Answer = enough
                ? (optimized ? $"Yes: optimize the prompt ({b.Arm.Name})." : $"Yes: prompt ({b.Arm.Name}).")
                : $"No: the best prompting arm's lower bound is {Score(shortfall)} below the target.",
            Reasoning = enough
                ? $"{description}. Its lower bound {Score(b.Estimate.CiLow)} reaches the target {Score(t)} with {Score(-shortfall)} to spare, so no retrieval or training is needed."
                : $"{description}. Its lower bound {Score(b.Estimate.CiLow)} is {Score(shortfall)} short of the target {Score(t)}"
                  + (b.Estimate.Value >= t ? " although its point estimate reaches it: more test examples could settle it." : "."),
            Conclusions = enough
                ? [Conclusion.Hint(AnalyserId, $"Prompting meets the requirement: {b.Arm.Name} lower bound {Score(b.Estimate.CiLow)} ≥ {Score(t)}.", b.Arm.Name)]
                : b.Estimate.Value >= t
                    ? [Conclusion.Hint(AnalyserId, $"{b.Arm.Name}'s point estimate reaches the target but its interval does not; a larger test set may show prompting is enough.", b.Arm.Name)]
                    : [],
        };
    }
}
