using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>Where one LLM arm stands against the study's best baseline classifier on the primary metric.</summary>
/// <param name="Standing"><c>above</c>, <c>below</c> or <c>indistinguishable</c>: by the paired comparison when both arms scored the same examples, else by whether their intervals overlap.</param>
/// <param name="Difference">Arm − baseline, with its paired interval; null when only the intervals could be compared.</param>
public sealed record BaselineStanding(string Arm, string Baseline, string Standing, Estimate? Difference, double? PValue, string Evidence);
