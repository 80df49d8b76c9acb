using System.Text;
using Tunewise.Data;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// Synthetic classification data of ~100-character sentences from a random vocabulary, with a known
/// number of planted exact duplicates (1%) and near duplicates (1%, one character changed).
/// </summary>
internal static class SyntheticExamples
{
    private const string Consonants = "bcdfghjklmnpqrstvwxz";
    private const string Vowels = "aeiouy";
    private static readonly string[] Labels = ["billing", "refund", "shipping", "account", "other"];

    public static (List<Example> Examples, int PlantedExact, int PlantedNear) Generate(int count, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 20_000).Select(_ => Word(random)).Distinct().ToArray();
        var plantedExact = count / 100;
        var plantedNear = count / 100;
        var unique = count - plantedExact - plantedNear;
        var examples = new List<Example>(count);
        for (var i = 0; i < unique; i++)
        {
            examples.Add(Make($"ex{i}", Sentence(random, vocabulary, i), Labels[random.Next(Labels.Length)], i));
        }

        for (var i = 0; i < plantedExact; i++)
        {
            var original = examples[i * 3];
            examples.Add(Make($"dup{i}", original.Fields["text"].ToUpperInvariant(), original.Fields["label"], examples.Count));
        }

        for (var i = 0; i < plantedNear; i++)
        {
            var original = examples[i * 3 + 1];
            // A typo: one character changed, the usual shape of a near duplicate.
            var text = original.Fields["text"].ToCharArray();
            text[20 + random.Next(text.Length - 20)] = '#';
            examples.Add(Make($"near{i}", new string(text), original.Fields["label"], examples.Count));
        }

        return (examples, plantedExact, plantedNear);
    }

    private static Example Make(string id, string text, string label, int line) =>
        new(id, new Dictionary<string, string> { ["text"] = text, ["label"] = label }, new SourceLocation("synthetic", line + 2));

    private static string Word(Random random)
    {
        var builder = new StringBuilder();
        var syllables = random.Next(1, 4);
        for (var s = 0; s < syllables; s++)
        {
            builder.Append(Consonants[random.Next(Consonants.Length)]).Append(Vowels[random.Next(Vowels.Length)]);
            if (random.Next(3) == 0)
            {
                builder.Append(Consonants[random.Next(Consonants.Length)]);
            }
        }

        return builder.ToString();
    }

    private static string Sentence(Random random, string[] vocabulary, int index)
    {
        // A number keeps every generated sentence distinct even when words repeat.
        var builder = new StringBuilder($"order {index}");
        while (builder.Length < 95)
        {
            builder.Append(' ').Append(vocabulary[random.Next(vocabulary.Length)]);
        }

        return builder.ToString();
    }
}
