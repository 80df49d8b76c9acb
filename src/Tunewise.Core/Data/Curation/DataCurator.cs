using System.Text;
using Microsoft.ML.Tokenizers;
using Tunewise.Progress;

namespace Tunewise.Data.Curation;

/// <summary>
/// Checks task data for the problems that quietly spoil a study: exact and near duplicates, leakage
/// into a test set, label conflicts, empty and overlong inputs, and class imbalance. Near duplicates
/// are found with MinHash + LSH banding, so time and memory grow linearly with the data.
/// </summary>
public sealed class DataCurator
{
    // Items sharing a bucket are compared with at most this many earlier members, which keeps a
    // huge bucket (many near-identical rows) linear: chains of similar items still join one group.
    private const int MaxBucketComparisons = 24;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    private readonly CurationOptions _options;

    public DataCurator(CurationOptions options)
    {
        options.Validate();
        _options = options;
    }

    public Task<CurationResult> CheckAsync(
        IReadOnlyList<Example> examples,
        IReadOnlyList<Example>? against = null,
        IProgressReporter? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Check(examples, against, progress, cancellationToken), cancellationToken);

    public CurationResult Check(
        IReadOnlyList<Example> examples,
        IReadOnlyList<Example>? against = null,
        IProgressReporter? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var task = (progress ?? NullProgressReporter.Instance).Start("Checking data", 5);
        var n = examples.Count;
        var inputs = new string[n];
        var keys = new string[n];
        for (var i = 0; i < n; i++)
        {
            inputs[i] = InputText(examples[i], _options.InputFields);
            keys[i] = TextNormalizer.Normalize(inputs[i]);
        }

        var labelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelNames = new List<string>();
        var labelOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            labelOf[i] = InternLabel(examples[i], labelIds, labelNames);
        }

        var dropReasons = new string?[n];
        var empty = new List<ExampleRef>();
        var emptyCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (keys[i].Length == 0)
            {
                emptyCount++;
                dropReasons[i] = "empty input";
                AddSample(empty, Ref(examples[i], inputs[i]));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var overlong = new List<OverlongExample>();
        var overlongCount = 0;
        for (var i = 0; i < n; i++)
        {
            // A token is at least one UTF-8 byte, so shorter texts cannot be over the limit.
            if (Encoding.UTF8.GetByteCount(inputs[i]) <= _options.MaxTokens)
            {
                continue;
            }

            var tokens = O200k.Value.CountTokens(inputs[i]);
            if (tokens > _options.MaxTokens)
            {
                overlongCount++;
                AddSample(overlong, new OverlongExample(Ref(examples[i], inputs[i]), tokens));
            }
        }

        task.Increment();

        // Distinct normalised inputs ("keys"); examples sharing a key are exact duplicates or conflicts.
        var keyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyOf = new int[n];
        var keyFirst = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (keys[i].Length == 0)
            {
                keyOf[i] = -1;
                continue;
            }

            if (!keyIndex.TryGetValue(keys[i], out var k))
            {
                k = keyFirst.Count;
                keyIndex[keys[i]] = k;
                keyFirst.Add(i);
            }

            keyOf[i] = k;
        }

        var keyCount = keyFirst.Count;

        var againstExamples = against ?? [];
        var againstInputs = againstExamples.Select(e => InputText(e, _options.InputFields)).ToArray();
        var againstKeyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var againstKeyFirst = new List<int>();
        for (var j = 0; j < againstExamples.Count; j++)
        {
            var key = TextNormalizer.Normalize(againstInputs[j]);
            if (key.Length > 0 && againstKeyIndex.TryAdd(key, againstKeyFirst.Count))
            {
                againstKeyFirst.Add(j);
            }
        }

        task.Increment();
        cancellationToken.ThrowIfCancellationRequested();

        // Near duplicates and near leaks: LSH over the distinct keys of both sets.
        var itemTexts = new string[keyCount + againstKeyFirst.Count];
        for (var k = 0; k < keyCount; k++)
        {
            itemTexts[k] = keys[keyFirst[k]];
        }

        foreach (var (key, a) in againstKeyIndex)
        {
            itemTexts[keyCount + a] = key;
        }

        var lsh = new MinHashLsh(_options.Permutations, _options.Bands, _options.ShingleSize, _options.Seed);
        var shingles = new uint[itemTexts.Length][];
        var bands = lsh.Bands;
        var bandHashes = new ulong[itemTexts.Length * bands];
        Parallel.For(0, itemTexts.Length, new ParallelOptions { CancellationToken = cancellationToken }, item =>
        {
            shingles[item] = lsh.Shingles(itemTexts[item]);
            lsh.BandHashes(shingles[item], bandHashes.AsSpan(item * bands, bands));
        });
        task.Increment();

        var groups = new UnionFind(keyCount);
        var nearEdges = new List<(int A, int B, double Similarity)>();
        var nearLeakOf = new (int Against, double Similarity)[keyCount];
        Array.Fill(nearLeakOf, (-1, 0d));
        var previousInBucket = new int[itemTexts.Length];
        var lastInBucket = new Dictionary<ulong, int>(itemTexts.Length);
        for (var band = 0; band < bands; band++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lastInBucket.Clear();
            for (var item = 0; item < itemTexts.Length; item++)
            {
                var hash = bandHashes[item * bands + band];
                previousInBucket[item] = lastInBucket.TryGetValue(hash, out var last) ? last : -1;
                lastInBucket[hash] = item;
                var compared = 0;
                for (var other = previousInBucket[item]; other >= 0 && compared < MaxBucketComparisons; other = previousInBucket[other], compared++)
                {
                    CompareItems(other, item);
                }
            }
        }

        void CompareItems(int x, int y)
        {
            var xAgainst = x >= keyCount;
            var yAgainst = y >= keyCount;
            if (xAgainst && yAgainst)
            {
                return;
            }

            if (!xAgainst && !yAgainst)
            {
                if (groups.Find(x) == groups.Find(y))
                {
                    return;
                }

                var similarity = MinHashLsh.Jaccard(shingles[x], shingles[y]);
                if (similarity >= _options.NearDuplicateThreshold)
                {
                    groups.Union(x, y);
                    nearEdges.Add((x, y, similarity));
                }

                return;
            }

            var (train, test) = xAgainst ? (y, x - keyCount) : (x, y - keyCount);
            if (nearLeakOf[train].Against >= 0)
            {
                return;
            }

            var leak = MinHashLsh.Jaccard(shingles[train], shingles[keyCount + test]);
            if (leak >= _options.NearDuplicateThreshold)
            {
                nearLeakOf[train] = (test, leak);
            }
        }

        task.Increment();

        // Leakage: an example whose input is (nearly) a test input.
        var leakage = new List<LeakagePair>();
        var leakageCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (keyOf[i] < 0)
            {
                continue;
            }

            LeakagePair? pair = null;
            if (againstKeyIndex.TryGetValue(keys[i], out var exact))
            {
                var j = againstKeyFirst[exact];
                pair = new LeakagePair(Ref(examples[i], inputs[i]), Ref(againstExamples[j], againstInputs[j]), "exact", 1);
            }
            else if (nearLeakOf[keyOf[i]] is { Against: >= 0 } near)
            {
                var j = againstKeyFirst[near.Against];
                pair = new LeakagePair(Ref(examples[i], inputs[i]), Ref(againstExamples[j], againstInputs[j]), "near", Math.Round(near.Similarity, 4));
            }

            if (pair is not null)
            {
                leakageCount++;
                AddSample(leakage, pair);
                dropReasons[i] ??= $"leaks into the test set: {pair.Kind} match of test example '{pair.TestExample.Id}' ({pair.TestExample})";
            }
        }

        // Groups of keys joined by near-duplicate edges: one label → near duplicates, several → a conflict.
        const int NoLabel = -1, Mixed = -2;
        var rootLabel = new int[keyCount];
        Array.Fill(rootLabel, NoLabel);
        for (var i = 0; i < n; i++)
        {
            if (keyOf[i] < 0)
            {
                continue;
            }

            var root = groups.Find(keyOf[i]);
            rootLabel[root] = rootLabel[root] == NoLabel || rootLabel[root] == labelOf[i] ? labelOf[i] : Mixed;
        }

        var conflictMembers = new Dictionary<int, List<int>>();
        var conflictCount = 0;
        for (var k = 0; k < keyCount; k++)
        {
            if (groups.Find(k) == k && rootLabel[k] == Mixed)
            {
                conflictCount++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (keyOf[i] < 0)
            {
                continue;
            }

            var root = groups.Find(keyOf[i]);
            if (rootLabel[root] != Mixed)
            {
                continue;
            }

            dropReasons[i] ??= $"label conflict: the same or a nearly identical input has other {(_options.ExpectedField is { } field ? $"'{field}' values" : "gold values")}";
            if (conflictMembers.TryGetValue(root, out var members) || conflictMembers.Count < _options.MaxSamples)
            {
                if (members is null)
                {
                    members = [];
                    conflictMembers[root] = members;
                }

                members.Add(i);
            }
        }

        var labelConflicts = conflictMembers.Values
            .Select(members => new ConflictGroup(
                members.Select(i => labelNames[labelOf[i]]).Distinct(StringComparer.Ordinal).ToArray(),
                members.Select(i => Ref(examples[i], inputs[i])).ToArray()))
            .ToList();

        // Exact duplicates: same normalised input and same gold value; the first copy is kept.
        var firstOfCopy = new Dictionary<(int Key, int Label), int>();
        var copyGroups = new Dictionary<(int Key, int Label), List<int>>();
        var exactCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (keyOf[i] < 0)
            {
                continue;
            }

            var copy = (keyOf[i], labelOf[i]);
            if (!firstOfCopy.TryGetValue(copy, out var first))
            {
                firstOfCopy[copy] = i;
                continue;
            }

            exactCount++;
            dropReasons[i] ??= $"exact duplicate of '{examples[first].Id}' ({examples[first].Source})";
            if (copyGroups.TryGetValue(copy, out var copies) || copyGroups.Count < _options.MaxSamples)
            {
                if (copies is null)
                {
                    copies = [first];
                    copyGroups[copy] = copies;
                }

                copies.Add(i);
            }
        }

        var exactDuplicates = copyGroups.Values
            .Select(copies => new DuplicateGroup(copies.Count - 1, copies.Select(i => Ref(examples[i], inputs[i])).ToArray()))
            .ToList();

        // Near duplicates: within a single-label group, keep the key seen first and drop the others.
        var keptKeyOfRoot = new Dictionary<int, int>();
        var nearCount = 0;
        for (var k = 0; k < keyCount; k++)
        {
            var root = groups.Find(k);
            if (rootLabel[root] == Mixed)
            {
                continue;
            }

            if (!keptKeyOfRoot.TryAdd(root, k))
            {
                nearCount++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (keyOf[i] < 0)
            {
                continue;
            }

            var root = groups.Find(keyOf[i]);
            if (rootLabel[root] != Mixed && keptKeyOfRoot[root] != keyOf[i])
            {
                var kept = examples[keyFirst[keptKeyOfRoot[root]]];
                dropReasons[i] ??= $"near duplicate of '{kept.Id}' ({kept.Source})";
            }
        }

        var nearDuplicates = nearEdges
            .Where(e => rootLabel[groups.Find(e.A)] != Mixed)
            .Take(_options.MaxSamples)
            .Select(e => new SimilarPair(
                Ref(examples[keyFirst[e.A]], inputs[keyFirst[e.A]]),
                Ref(examples[keyFirst[e.B]], inputs[keyFirst[e.B]]),
                Math.Round(e.Similarity, 4)))
            .ToList();

        task.Increment();

        var report = new CurationReport
        {
            File = examples.Count > 0 ? examples[0].Source.File : null,
            Against = againstExamples.Count > 0 ? againstExamples[0].Source.File : null,
            Examples = n,
            AgainstExamples = againstExamples.Count,
            InputFields = _options.InputFields,
            ExpectedField = _options.ExpectedField,
            NearDuplicateThreshold = _options.NearDuplicateThreshold,
            MaxTokens = _options.MaxTokens,
            Counts = new CurationCounts(exactCount, nearCount, leakageCount, conflictCount, emptyCount, overlongCount),
            ExactDuplicates = exactDuplicates,
            NearDuplicates = nearDuplicates,
            Leakage = leakage,
            LabelConflicts = labelConflicts,
            Empty = empty,
            Overlong = overlong,
            Labels = Distribution(labelOf, labelNames),
        };

        return new CurationResult(report, examples, dropReasons, _options.InputFields, _options.ExpectedField);
    }

    internal static string InputText(Example example, IReadOnlyList<string> inputFields)
    {
        if (inputFields.Count == 1)
        {
            return Field(example, inputFields[0]);
        }

        return string.Join("\n", inputFields.Select(f => Field(example, f)));
    }

    private static string Field(Example example, string field) =>
        example.Fields.TryGetValue(field, out var value)
            ? value
            : throw new DataFormatException(example.Source, field, $"is missing (columns are: {string.Join(", ", example.Fields.Keys)})");

    private int InternLabel(Example example, Dictionary<string, int> labelIds, List<string> labelNames)
    {
        if (_options.ExpectedField is null)
        {
            return 0;
        }

        var raw = Field(example, _options.ExpectedField);
        var normalized = TextNormalizer.Normalize(raw);
        if (!labelIds.TryGetValue(normalized, out var id))
        {
            id = labelNames.Count;
            labelIds[normalized] = id;
            labelNames.Add(raw.Trim());
        }

        return id;
    }

    private LabelDistribution? Distribution(int[] labelOf, List<string> labelNames)
    {
        if (_options.ExpectedField is null || labelNames.Count == 0 || labelNames.Count > _options.MaxDistinctLabels)
        {
            return null;
        }

        var counts = new int[labelNames.Count];
        foreach (var label in labelOf)
        {
            counts[label]++;
        }

        var order = Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).ThenBy(i => labelNames[i], StringComparer.Ordinal).ToArray();
        var majority = order[0];
        var minority = order[^1];
        var ratio = (double)counts[majority] / counts[minority];
        return new LabelDistribution(
            _options.ExpectedField,
            order.ToDictionary(i => labelNames[i], i => counts[i]),
            labelNames[majority],
            labelNames[minority],
            Math.Round(ratio, 3),
            _options.ImbalanceThreshold,
            counts.Length > 1 && ratio >= _options.ImbalanceThreshold);
    }

    private ExampleRef Ref(Example example, string input) => ExampleRef.Of(example, input, _options.ExpectedField);

    private void AddSample<T>(List<T> samples, T sample)
    {
        if (samples.Count < _options.MaxSamples)
        {
            samples.Add(sample);
        }
    }
}
