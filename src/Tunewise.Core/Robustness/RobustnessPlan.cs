using System.Collections.Immutable;
using Tunewise.Data;

namespace Tunewise.Robustness;

/// <summary>
/// What a robustness check will run: the variants (baseline first) and the examples each is run on.
/// <see cref="Notes"/> say, in plain words, where the budget made the plan smaller than asked.
/// </summary>
public sealed record RobustnessPlan(
    ImmutableArray<PromptVariant> Variants,
    ImmutableArray<Example> Examples,
    int AvailableExamples,
    ImmutableArray<string> Notes)
{
    /// <summary>Model calls the plan makes: one per variant and example.</summary>
    public int Calls => Variants.Length * Examples.Length;

    /// <summary>True when only a sample of the examples is run.</summary>
    public bool Sampled => Examples.Length < AvailableExamples;
}
