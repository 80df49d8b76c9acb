using System.Globalization;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Pretraining;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.World;
using Tunewise.Progress;
using Tunewise.Statistics;

namespace Tunewise.Lab.Experiments;

/// <summary>
/// "Few-shot helps and is fragile": accuracy from 0 to 8 demonstrations on in-context episodes, separately for
/// task families seen in pretraining (task recognition) and families held out of it (task learning), with
/// the spread across demonstration orders and formats (Pan et al. 2023; Lu et al. 2022; Sclar et al. 2023).
/// Each query is asked with every shot count and every variant, so the rows differ only in the demonstrations.
/// </summary>
public static class FewShotExperiment
{
    public sealed record Settings
    {
        public string Model { get; init; } = "lab:tw-base";
        public int QueriesPerFamily { get; init; } = 10;
        public IReadOnlyList<int> Shots { get; init; } = [0, 1, 2, 4, 8];
        /// <summary>Demonstration orders × formats tried per query and shot count.</summary>
        public int Variants { get; init; } = 3;
        public ulong Seed { get; init; } = 2024;
    }

    public static ExperimentTable Run(Settings settings, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        var directory = LabModels.ResolveDirectory(settings.Model);
        using var model = LlamaModel.Load(directory);
        var tokenizer = LabTokenizer.Load(directory);
        var generator = new TextGenerator(model, tokenizer);
        var heldOut = new WorldOptions().HeldOutIclFamilies;
        var groups = new (string Name, IReadOnlyList<string> Families)[]
        {
            ("seen in pretraining (task recognition)", IclFamilies.Families.Where(f => !heldOut.Contains(f)).ToList()),
            ("held out of pretraining (task learning)", heldOut),
        };
        var rows = new List<IReadOnlyList<string>>();
        var accuracy = new Dictionary<(string, int), double>();
        using var task = (progress ?? NullProgressReporter.Instance).Start("few-shot", groups.Sum(g => g.Families.Count) * settings.Shots.Count);
        foreach (var (name, families) in groups)
        {
            foreach (var k in settings.Shots)
            {
                // Per query: the mean over variants; per variant: the accuracy over all queries.
                var perQuery = new List<double>();
                var perVariant = new double[settings.Variants];
                var count = 0;
                foreach (var family in families)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var episodes = Episodes(family, k, settings);
                    var correct = Score(generator, tokenizer, episodes.SelectMany(e => e).ToList());
                    for (int q = 0; q < episodes.Count; q++)
                    {
                        var row = correct.Skip(q * settings.Variants).Take(settings.Variants).ToList();
                        perQuery.Add(row.Average(c => c ? 1.0 : 0.0));
                        for (int v = 0; v < settings.Variants; v++) perVariant[v] += row[v] ? 1 : 0;
                        count++;
                    }
                    task.Increment();
                }
                var estimate = Bootstrap.Mean(perQuery.ToArray());
                var variantAccuracy = perVariant.Select(c => c / count).ToList();
                accuracy[(name, k)] = estimate.Value;
                rows.Add([name, k.ToString(CultureInfo.InvariantCulture), ExperimentTable.Format(estimate),
                    string.Create(CultureInfo.InvariantCulture, $"{variantAccuracy.Min():0.00}–{variantAccuracy.Max():0.00}"),
                    count.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        var findings = new List<string>();
        int zero = settings.Shots.Min(), most = settings.Shots.Max();
        foreach (var (name, _) in groups)
        {
            var gain = accuracy[(name, most)] - accuracy[(name, zero)];
            findings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {zero} → {most} shots changes accuracy by {gain:+0.00;-0.00;0.00} ({(gain > 0.05 ? "few-shot helps" : "no real gain")})."));
        }
        return new ExperimentTable(
            $"Few-shot on in-context episodes, {settings.Model} (greedy, exact match; 95% CI over queries; range over {settings.Variants} orders/formats)",
            ["families", "shots", "accuracy [95% CI]", "range over orders/formats", "queries"], rows, findings);
    }

    /// <summary>For each query of the family, its episodes: one per variant, same query, different demonstrations order and format.</summary>
    private static List<List<WorldExample>> Episodes(string family, int k, Settings settings)
    {
        var rng = DeterministicRandom.SplitMix64(settings.Seed ^ (ulong)StableHash(family));
        var result = new List<List<WorldExample>>();
        for (int q = 0; q < settings.QueriesPerFamily; q++)
        {
            var words = GeneralSkills.Words.ToList();
            rng.Shuffle(words);
            var query = words[0];
            var pool = words.Skip(1).Take(Math.Max(1, settings.Shots.Max())).ToList();
            var variants = new List<WorldExample>();
            for (int v = 0; v < settings.Variants; v++)
            {
                var demos = pool.Take(k).ToList();
                var order = DeterministicRandom.SplitMix64(settings.Seed + (ulong)(q * 31 + v));
                order.Shuffle(demos);
                variants.Add(IclFamilies.Episode(family, $"{family}-{q}-{k}-{v}", demos, query, v));
            }
            result.Add(variants);
        }
        return result;
    }

    private static List<bool> Score(TextGenerator generator, LabTokenizer tokenizer, IReadOnlyList<WorldExample> episodes)
    {
        var options = new GenerationOptions { MaxNewTokens = 8, StopAtEos = true, StopSequences = ["\n"] };
        var correct = new List<bool>();
        foreach (var batch in episodes.Chunk(16))
        {
            var prompts = batch.Select(e => (IReadOnlyList<int>)GeneralSkillsSuite.Prompt(tokenizer, e.Input)).ToList();
            var results = generator.GenerateBatch(prompts, options);
            correct.AddRange(batch.Select((e, i) => string.Equals(results[i].Text.Trim(), e.Expected, StringComparison.Ordinal)));
        }
        return correct;
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = 17;
            foreach (var c in text) hash = hash * 31 + c;
            return hash & int.MaxValue;
        }
    }
}
