using Tunewise.Data;
using Tunewise.Evaluation.Scoring;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.Robustness;

/// <summary>
/// Measures how much an arm's score depends on meaning-preserving changes to its prompt: plans the
/// variants within the call budget, has the runner evaluate each, and analyses the spread and agreement.
/// </summary>
public static class RobustnessCheck
{
    public static async Task<RobustnessReport> RunAsync(
        RobustnessPrompt prompt,
        IReadOnlyList<Example> examples,
        IVariantEvaluator evaluator,
        RobustnessOptions options,
        IProgressReporter? progress = null,
        CancellationToken cancellationToken = default,
        TextNormalization normalization = TextNormalization.Default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        progress ??= NullProgressReporter.Instance;
        var plan = RobustnessPlanner.Plan(prompt, examples, options);
        var outcomes = new List<VariantOutcome>(plan.Variants.Length);
        using (var task = progress.Start($"Robustness of {prompt.Arm}: {plan.Variants.Length} variants × {plan.Examples.Length} examples", plan.Variants.Length))
        {
            foreach (var variant in plan.Variants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                task.Describe($"Robustness of {prompt.Arm}: {variant.Description}");
                var results = await evaluator.EvaluateAsync(variant, plan.Examples, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new VariantOutcome(variant, results));
                task.Increment();
            }
        }
        return RobustnessAnalyzer.Analyze(plan, outcomes, options, normalization);
    }
}
