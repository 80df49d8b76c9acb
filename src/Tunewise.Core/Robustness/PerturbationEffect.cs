using System.Collections.Immutable;
using Tunewise.Statistics;

namespace Tunewise.Robustness;

/// <summary>
/// How much one kind of perturbation moves the score: the spread (best − worst) over the baseline and
/// this kind's variants, with its interval, and the largest signed shift of one of its variants from the baseline.
/// </summary>
public sealed record PerturbationEffect(
    string Perturbation,
    string Description,
    ImmutableArray<string> Variants,
    Estimate Spread,
    double LargestShift);
