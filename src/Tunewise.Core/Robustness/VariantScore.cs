using Tunewise.Statistics;

namespace Tunewise.Robustness;

/// <summary>One variant's score on the examples every variant answered, and how many of its calls failed.</summary>
public sealed record VariantScore(string Name, string? Perturbation, string Description, Estimate Score, int Failed);
