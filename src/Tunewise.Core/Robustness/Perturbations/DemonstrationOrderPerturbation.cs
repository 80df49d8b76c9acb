using Tunewise.Statistics;

namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// Shows the same demonstrations in another order (Lu et al., 2022). Setting <c>i</c> is the
/// <c>i</c>-th distinct non-identity permutation drawn from the seed, so settings never repeat.
/// </summary>
public sealed class DemonstrationOrderPerturbation : IPromptPerturbation
{
    /// <summary>Enough orders for any budget; beyond it, drawing distinct permutations gets slow for no gain.</summary>
    private const int MaxOrders = 1000;

    public string Name => "order";

    public string Description => "order of the few-shot demonstrations (seeded permutations)";

    public int CountSettings(PromptVariantInput baseline)
    {
        var k = baseline.Demonstrations.Length;
        long permutations = 1;
        for (var i = 2; i <= k && permutations <= MaxOrders; i++)
            permutations *= i;
        return (int)Math.Min(MaxOrders, permutations - 1);
    }

    public string Describe(int setting) => $"permutation {setting + 1}";

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting)
    {
        var order = Permutation(input.Demonstrations.Length, setting);
        return input with { Demonstrations = [.. order.Select(i => input.Demonstrations[i])] };
    }

    /// <summary>The order of <paramref name="count"/> demonstrations for a setting: indices into the original list.</summary>
    public static int[] Permutation(int count, PerturbationSetting setting)
    {
        if (count < 2)
            return [.. Enumerable.Range(0, count)];
        var random = new DeterministicRandom(setting.Seed);
        var seen = new HashSet<string>(StringComparer.Ordinal) { Key([.. Enumerable.Range(0, count)]) };
        while (true)
        {
            var order = Enumerable.Range(0, count).ToArray();
            for (var i = count - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            if (seen.Add(Key(order)) && seen.Count - 2 == setting.Index)
                return order;
        }
    }

    private static string Key(int[] order) => string.Join(',', order);
}
