namespace Tunewise.Robustness;

/// <summary>A variant with the results it got.</summary>
public sealed record VariantOutcome(PromptVariant Variant, IReadOnlyList<VariantResult> Results);
