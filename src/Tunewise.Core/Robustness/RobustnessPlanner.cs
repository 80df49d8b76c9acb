using System.Collections.Immutable;
using System.Globalization;
using Tunewise.Data;
using Tunewise.Robustness.Perturbations;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Robustness;

/// <summary>
/// Chooses the variants and examples of a robustness check within its call budget. Variants are spread
/// round-robin over the chosen perturbations (each perturbation's first setting, then each one's second,
/// …), so a small budget still touches every kind. When variants × examples would pass
/// <see cref="RobustnessOptions.MaxCalls"/>, examples are sampled with the seed, down to
/// <see cref="RobustnessOptions.MinExamples"/>; below that, variants are dropped instead.
/// </summary>
public static class RobustnessPlanner
{
    public static RobustnessPlan Plan(RobustnessPrompt prompt, IReadOnlyList<Example> examples, RobustnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        if (examples.Count == 0)
            throw new ArgumentException("A robustness check needs at least one example.", nameof(examples));
        var notes = new List<string>();
        var perturbations = options.Perturbations.Select(name => PromptPerturbations.Create(name, options, prompt.Kind)).ToList();
        var baseline = prompt.InputFor(examples[0]);
        var available = perturbations.Select(p => p.CountSettings(baseline)).ToList();
        foreach (var (perturbation, count) in perturbations.Zip(available))
        {
            if (count == 0)
                notes.Add($"'{perturbation.Name}' does not apply to this prompt ({Why(perturbation)}).");
        }

        var possible = available.Sum(c => (long)c);
        var wanted = (int)Math.Min(options.Variants, possible);
        if (wanted < options.Variants)
            notes.Add(Invariant($"Only {wanted} distinct variants exist for the chosen perturbations; {options.Variants} were asked for."));

        var exampleCount = examples.Count;
        if (options.MaxCalls is { } maxCalls)
        {
            var floor = Math.Min(exampleCount, options.MinExamples);
            if ((long)(wanted + 1) * floor > maxCalls)
            {
                var fitting = Math.Max(1, maxCalls / Math.Max(1, floor) - 1);
                if (fitting < wanted)
                {
                    notes.Add(Invariant($"max_calls {maxCalls} allows {fitting} perturbed variant(s) besides the baseline at {floor} examples each; {wanted} were planned."));
                    wanted = fitting;
                }
            }
            var perVariant = Math.Min(exampleCount, maxCalls / (wanted + 1));
            if (perVariant < 1)
                throw new ArgumentException(Invariant($"max_calls {maxCalls} is too small to run a baseline and one variant."), nameof(options));
            exampleCount = perVariant;
        }

        var variants = ImmutableArray.CreateBuilder<PromptVariant>(wanted + 1);
        variants.Add(PromptVariant.Baseline(prompt));
        for (var round = 0; variants.Count <= wanted; round++)
        {
            for (var k = 0; k < perturbations.Count && variants.Count <= wanted; k++)
            {
                if (round < available[k])
                    variants.Add(PromptVariant.Of(prompt, perturbations[k], new PerturbationSetting(round, SeedFor(options.Seed, perturbations[k].Name, round))));
            }
        }

        var chosen = examples;
        if (exampleCount < examples.Count)
        {
            chosen = Sample(examples, exampleCount, options.Seed);
            notes.Add(Invariant($"Ran {exampleCount} of {examples.Count} examples, sampled with seed {options.Seed}, to keep {variants.Count} variants within max_calls {options.MaxCalls}."));
        }
        return new RobustnessPlan(variants.ToImmutable(), [.. chosen], examples.Count, [.. notes]);
    }

    /// <summary>A seeded sample of <paramref name="count"/> examples, kept in their original order.</summary>
    internal static IReadOnlyList<Example> Sample(IReadOnlyList<Example> examples, int count, ulong seed)
    {
        var indices = Enumerable.Range(0, examples.Count).ToArray();
        var random = new DeterministicRandom(seed ^ 0x5EED_5A3B1E5UL);
        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(indices.Length - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        return [.. indices.Take(count).Order().Select(i => examples[i])];
    }

    /// <summary>A seed per perturbation and setting, so adding a perturbation never changes another's draws.</summary>
    internal static ulong SeedFor(ulong seed, string perturbation, int setting) =>
        seed ^ TypoPerturbation.StableHash($"{perturbation}#{setting.ToString(CultureInfo.InvariantCulture)}");

    private static string Why(IPromptPerturbation perturbation) => perturbation switch
    {
        DemonstrationOrderPerturbation => "it has fewer than two demonstrations",
        _ => "no setting differs from the prompt as written",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
