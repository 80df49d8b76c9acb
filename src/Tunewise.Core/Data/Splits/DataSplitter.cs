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

        var train = new List<Example>();
        var dev = new List<Example>();
        var test = new List<Example>();
        var stratumIndex = 0UL;
        foreach (var group in groups)
        {
            group.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            // Each stratum gets its own stream derived from the seed, so adding a label elsewhere
            // does not reshuffle this one.
            new SeededRandom(((ulong)(uint)options.Seed << 32) ^ stratumIndex++).Shuffle(group);
            var testCount = (int)Math.Round(group.Count * options.Test, MidpointRounding.AwayFromZero);
            var devCount = (int)Math.Round(group.Count * options.Dev, MidpointRounding.AwayFromZero);
            devCount = Math.Min(devCount, group.Count - testCount);
            test.AddRange(group.Take(testCount));
            dev.AddRange(group.Skip(testCount).Take(devCount));
            train.AddRange(group.Skip(testCount + devCount));
        }

        return new DataSplit(train, dev, test);
    }

    private static string StratumOf(Example example, string field) =>
        example.Fields.TryGetValue(field, out var value)
            ? value
            : throw new DataFormatException(example.Source, field, $"is missing, so the split cannot be stratified by it (columns are: {string.Join(", ", example.Fields.Keys)})");
}
