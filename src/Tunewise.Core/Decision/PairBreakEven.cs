using Tunewise.Economics;

namespace Tunewise.Decision;

/// <summary>Where two candidate arms cost the same per month over the horizon; <see cref="Result"/> is null when a cost is unknown.</summary>
public sealed record PairBreakEven(string ArmA, string ArmB, BreakEvenResult? Result, string Explanation);
