using Tunewise.Data;

namespace Tunewise.Robustness;

/// <summary>
/// Runs one prompt variant of an arm on examples and scores it: the runner's side of a robustness
/// check. Render each example with <see cref="PromptVariant.Render"/>, call the arm's model through the
/// usual pipeline (cache, retry, budget) and score the output with the study's primary metric.
/// Return one result per example, in any order; a failed call is a result with an error, not an exception.
/// </summary>
public interface IVariantEvaluator
{
    Task<IReadOnlyList<VariantResult>> EvaluateAsync(PromptVariant variant, IReadOnlyList<Example> examples, CancellationToken cancellationToken);
}
