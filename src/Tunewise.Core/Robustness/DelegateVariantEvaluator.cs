using Tunewise.Data;

namespace Tunewise.Robustness;

/// <summary>An <see cref="IVariantEvaluator"/> from a function.</summary>
public sealed class DelegateVariantEvaluator(Func<PromptVariant, IReadOnlyList<Example>, CancellationToken, Task<IReadOnlyList<VariantResult>>> evaluate) : IVariantEvaluator
{
    public Task<IReadOnlyList<VariantResult>> EvaluateAsync(PromptVariant variant, IReadOnlyList<Example> examples, CancellationToken cancellationToken) =>
        evaluate(variant, examples, cancellationToken);
}
