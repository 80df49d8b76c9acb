using Tunewise.Statistics;

namespace Tunewise.Data.Splits;

/// <summary>
/// Deterministic train/dev/test splits. Examples are first sorted by id, then shuffled with a seeded
/// generator, so the same data and seed always give the same split whatever order the rows came in.
/// With stratification each label is split on its own, so every split keeps the label proportions.
/// </summary>
public static class DataSplitter
{
    public static DataSplit Split(IReadOnlyList<Example> examples, SplitOptions options)
    {
        options.Validate();
        var groups = options.StratifyField is { } field
            ? examples.GroupBy(e => TextNormalizer.Normalize(StratumOf(e, field)), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.ToList())
                .ToList()
            : [examples.ToList()];

        // Largest-remainder quotas: every stratum gets its share, and the totals still match what an
        // unstratified split of the same data would give.
        var testCounts = Quotas(groups.Select(g => g.Count).ToArray(), options.Test, examples.Count);
        var devCounts = Quotas(groups.Select(g => g.Count).ToArray(), options.Dev, examples.Count);
        var train = new List<Example>();
        var dev = new List<Example>();
        var test = new List<Example>();
        for (var index = 0; index < groups.Count; index++)
        {
            var group = groups[index];
            group.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            // Each stratum gets its own stream derived from the seed, so adding a label elsewhere
            // does not reshuffle this one.
            DeterministicRandom.SplitMix64(((ulong)(uint)options.Seed << 32) ^ (ulong)index).Shuffle(group);
            var testCount = testCounts[index];
            var devCount = Math.Min(devCounts[index], group.Count - testCount);
            test.AddRange(group.Take(testCount));
            dev.AddRange(group.Skip(testCount).Take(devCount));
            train.AddRange(group.Skip(testCount + devCount));
        }

        return new DataSplit(train, dev, test);
    }

    private static int[] Quotas(int[] sizes, double fraction, int total)
    {
        var target = (int)Math.Round(total * fraction, MidpointRounding.AwayFromZero);
        var quotas = sizes.Select(size => (int)Math.Floor(size * fraction)).ToArray();
        var byRemainder = Enumerable.Range(0, sizes.Length)
            .OrderByDescending(i => sizes[i] * fraction - quotas[i])
            .ThenBy(i => i)
            .ToArray();
        for (var k = 0; quotas.Sum() < target && k < byRemainder.Length; k++)
        {
            var i = byRemainder[k];
            if (quotas[i] < sizes[i])
            {
                quotas[i]++;
            }
        }

        return quotas;
    }

    private static string StratumOf(Example example, string field) =>
        example.Fields.TryGetValue(field, out var value)
            ? value
            : throw new DataFormatException(example.Source, field, $"is missing, so the split cannot be stratified by it (columns are: {string.Join(", ", example.Fields.Keys)})");
}
