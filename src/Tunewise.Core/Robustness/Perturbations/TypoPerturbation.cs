using System.Text;
using Tunewise.Data;
using Tunewise.Statistics;
using Tunewise.Studies;

namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// Puts typos in the example's input: <see cref="Rate"/> of its eligible letters are each swapped with
/// the next letter or dropped, at seeded positions that differ per example. Words that name a label
/// (the gold value, the demonstrations' answers, the field labels) are left intact, as are the
/// demonstrations and the gold field, so the question keeps its answer.
/// </summary>
public sealed class TypoPerturbation : IPromptPerturbation
{
    public const double DefaultRate = RobustnessOptions.DefaultTypoRate;

    public TypoPerturbation(double rate = DefaultRate)
    {
        if (!(rate > 0 && rate <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A typo rate is a fraction of letters in (0, 0.5].");
        Rate = rate;
    }

    public double Rate { get; }

    public string Name => "typos";

    public string Description => "typos in the input (seeded letter swaps and drops)";

    /// <summary>Any number of settings: each seed puts the typos elsewhere.</summary>
    public int CountSettings(PromptVariantInput baseline) => int.MaxValue;

    public string Describe(int setting) => $"{Rate:P0} of letters, draw {setting + 1}";

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting)
    {
        var protectedWords = ProtectedWords(input);
        var random = new DeterministicRandom(setting.Seed ^ StableHash(input.Example.Id));
        var fields = new Dictionary<string, string>(input.Example.Fields, StringComparer.Ordinal);
        foreach (var field in input.InputFields)
        {
            if (field != input.ExpectedField && fields.TryGetValue(field, out var value))
                fields[field] = Misspell(value, Rate, protectedWords, random);
        }
        return input with { Example = input.Example with { Fields = fields } };
    }

    /// <summary>How many edits <see cref="Misspell"/> makes in <paramref name="text"/>.</summary>
    public static int EditCount(string text, double rate, IReadOnlySet<string> protectedWords) =>
        (int)Math.Round(rate * EligiblePositions(text, protectedWords).Count, MidpointRounding.AwayFromZero);

    internal static string Misspell(string text, double rate, IReadOnlySet<string> protectedWords, DeterministicRandom random)
    {
        var positions = EligiblePositions(text, protectedWords);
        var edits = EditCount(text, rate, protectedWords);
        if (edits == 0)
            return text;
        // Partial Fisher-Yates: the first `edits` entries become a seeded sample without repeats.
        for (var i = 0; i < edits; i++)
        {
            var j = i + random.NextInt(positions.Count - i);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
        var chosen = positions.Take(edits).OrderDescending().ToList();
        var builder = new StringBuilder(text);
        foreach (var p in chosen)
        {
            // Right to left, so an edit never moves a position still to be edited.
            var swap = random.NextInt(2) == 0;
            if (swap && p + 1 < builder.Length && char.IsLetter(builder[p + 1]) && builder[p + 1] != builder[p])
                (builder[p], builder[p + 1]) = (builder[p + 1], builder[p]);
            else
                builder.Remove(p, 1);
        }
        return builder.ToString();
    }

    /// <summary>Letters of words of two or more letters that are not label words.</summary>
    internal static List<int> EligiblePositions(string text, IReadOnlySet<string> protectedWords)
    {
        var positions = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
                i++;
            if (i - start >= 2 && !protectedWords.Contains(text[start..i]))
            {
                for (var k = start; k < i; k++)
                    positions.Add(k);
            }
        }
        return positions;
    }

    /// <summary>Words that must survive: the gold answer, the demonstrations' answers and the field labels.</summary>
    public static IReadOnlySet<string> ProtectedWords(PromptVariantInput input)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void AddWords(string? text)
        {
            foreach (System.Text.RegularExpressions.Match word in System.Text.RegularExpressions.Regex.Matches(text ?? string.Empty, @"\p{L}+"))
                words.Add(word.Value);
        }
        AddWords(input.Example.Fields.GetValueOrDefault(input.ExpectedField));
        foreach (var demonstration in input.Demonstrations)
            AddWords(demonstration.Fields.GetValueOrDefault(input.ExpectedField));
        foreach (var field in input.InputFields)
            AddWords(input.Format.LabelOf(field));
        AddWords(input.Format.AnswerLabel);
        return words;
    }

    /// <summary>FNV-1a: a hash of the example id that is the same in every process, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
