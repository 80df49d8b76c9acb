namespace Tunewise.Robustness;

/// <summary>
/// One example's result under one variant: the model's output and its score (1/0 for accuracy). A result
/// with <see cref="Error"/> set, or a NaN score, failed; the example is left out of the comparison.
/// </summary>
public sealed record VariantResult(string ExampleId, string? Output, double Score, string? Error = null)
{
    public bool Succeeded => Error is null && Output is not null && double.IsFinite(Score);
}
