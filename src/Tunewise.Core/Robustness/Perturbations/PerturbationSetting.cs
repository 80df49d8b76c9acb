namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// Which variant of a perturbation to apply: <see cref="Index"/> picks among its distinct settings
/// (a separator, a casing, a permutation), <see cref="Seed"/> drives any random choice it makes.
/// The same setting gives the same prompt on every machine.
/// </summary>
public readonly record struct PerturbationSetting(int Index, ulong Seed);
