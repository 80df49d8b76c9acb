using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Tunewise.Data;
using Tunewise.Evaluation.Scoring;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Robustness;

/// <summary>
/// Turns the per-example results of every variant into a <see cref="RobustnessReport"/>. Only examples
/// that every variant answered are compared, so each figure is a paired comparison on one example set;
/// failed examples are counted per variant and said so in the notes.
/// </summary>
public static class RobustnessAnalyzer
{
    public static RobustnessReport Analyze(RobustnessPlan plan, IReadOnlyList<VariantOutcome> outcomes, RobustnessOptions options,
        TextNormalization normalization = TextNormalization.Default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(options);
        if (outcomes.Count == 0)
            throw new ArgumentException("No variant results to analyse.", nameof(outcomes));
        var arm = outcomes[0].Variant.Prompt.Arm;
        var notes = plan.Notes.ToList();

        var byVariant = outcomes.Select(o => o.Results
            .Where(r => r.Succeeded)
            .GroupBy(r => r.ExampleId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)).ToList();
        var common = plan.Examples.Select(e => e.Id).Where(id => byVariant.All(v => v.ContainsKey(id))).ToArray();
        if (common.Length < plan.Examples.Length)
            notes.Add($"{plan.Examples.Length - common.Length} of {plan.Examples.Length} examples failed under at least one variant and are left out of every figure.");

        var scores = byVariant.Select(v => common.Select(id => v[id].Score).ToArray()).ToArray();
        var agreed = common.Select(id =>
        {
            var first = TextNormalizer.Normalize(byVariant[0][id].Output!, normalization);
            return byVariant.All(v => TextNormalizer.Normalize(v[id].Output!, normalization) == first) ? 1.0 : 0.0;
        }).ToArray();

        var bootstrap = options.Bootstrap;
        var variantScores = outcomes.Select((o, v) => new VariantScore(
            o.Variant.Name, o.Variant.Kind, o.Variant.Description,
            Bootstrap.Mean(scores[v], bootstrap),
            plan.Examples.Length - plan.Examples.Count(e => byVariant[v].ContainsKey(e.Id)))).ToImmutableArray();

        var all = Enumerable.Range(0, outcomes.Count).ToArray();
        var spread = Spread(scores, all, common.Length, bootstrap);
        var means = scores.Select(Mean).ToArray();
        string? best = null, worst = null;
        if (common.Length > 0)
        {
            best = outcomes[Array.IndexOf(means, means.Max())].Variant.Name;
            worst = outcomes[Array.IndexOf(means, means.Min())].Variant.Name;
        }

        var baseline = outcomes.Select((o, i) => (o, i)).FirstOrDefault(p => p.o.Variant.IsBaseline);
        var effects = ImmutableArray.CreateBuilder<PerturbationEffect>();
        foreach (var kind in outcomes.Where(o => !o.Variant.IsBaseline).GroupBy(o => o.Variant.Kind!))
        {
            var members = outcomes.Select((o, i) => (o, i)).Where(p => p.o.Variant.Kind == kind.Key).Select(p => p.i).ToArray();
            var compared = baseline.o is null ? members : [baseline.i, .. members];
            var shift = baseline.o is null || common.Length == 0
                ? double.NaN
                : members.Select(m => means[m] - means[baseline.i]).MaxBy(Math.Abs);
            effects.Add(new PerturbationEffect(kind.Key, kind.First().Variant.Perturbation!.Description,
                [.. members.Select(m => outcomes[m].Variant.Name)], Spread(scores, compared, common.Length, bootstrap), shift));
        }
        var moving = effects.Where(e => e.Spread.Value > 0).ToList();
        var mostSensitive = moving.Count == 0 ? null : moving.MaxBy(e => e.Spread.Value)!.Perturbation;

        return new RobustnessReport
        {
            Arm = arm,
            Examples = common.Length,
            PlannedExamples = plan.Examples.Length,
            AvailableExamples = plan.AvailableExamples,
            Calls = plan.Calls,
            Variants = variantScores,
            Spread = spread,
            BestVariant = best,
            WorstVariant = worst,
            Agreement = common.Length == 0 ? Estimate.Empty : Bootstrap.Mean(agreed, bootstrap),
            Perturbations = effects.ToImmutable(),
            MostSensitive = mostSensitive,
            Notes = [.. notes],
        };
    }

    /// <summary>
    /// Best minus worst mean score over the <paramref name="variants"/>, with an interval from resampling
    /// examples jointly: every variant sees the same resampled examples, as it saw the same examples.
    /// </summary>
    internal static Estimate Spread(double[][] scores, int[] variants, int n, BootstrapOptions bootstrap)
    {
        if (n == 0)
            return Estimate.Empty;
        if (variants.Length < 2)
            return new Estimate(0, 0, 0, n);
        var sums = new double[variants.Length];
        return Bootstrap.Statistic(n, indices => SpreadOf(scores, variants, indices, sums), bootstrap);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SpreadOf(double[][] scores, int[] variants, ReadOnlySpan<int> indices, double[] sums)
    {
        for (var v = 0; v < variants.Length; v++)
        {
            var row = scores[variants[v]];
            var sum = 0.0;
            foreach (var i in indices)
                sum += row[i];
            sums[v] = sum;
        }
        var max = double.MinValue;
        var min = double.MaxValue;
        foreach (var sum in sums)
        {
            max = Math.Max(max, sum);
            min = Math.Min(min, sum);
        }
        return (max - min) / indices.Length;
    }

    private static double Mean(double[] values) => values.Length == 0 ? double.NaN : values.Average();
}
