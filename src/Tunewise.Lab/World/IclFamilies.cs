using System.Globalization;
using System.Text;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>In-context learning episodes: k demonstrations of a word transform or label rule, then a query.</summary>
internal static class IclFamilies
{
    private static readonly Dictionary<string, Func<string, string>> Rules = new()
    {
        ["first-letter"] = w => w[..1],
        ["last-letter"] = w => w[^1..],
        ["double-word"] = w => $"{w} {w}",
        ["word-length"] = w => w.Length.ToString(CultureInfo.InvariantCulture),
        ["capitalize"] = w => char.ToUpperInvariant(w[0]) + w[1..],
        ["add-suffix"] = w => w + "ly",
        ["reverse-word"] = w => new string(w.Reverse().ToArray()),
        ["long-short-label"] = w => w.Length > 5 ? "long" : "short",
        ["vowel-start-label"] = w => "aeiou".Contains(w[0], StringComparison.Ordinal) ? "yes" : "no",
        ["first-two"] = w => w[..2],
        ["swap-halves"] = w => w[(w.Length / 2)..] + w[..(w.Length / 2)],
        ["vowel-count-label"] = w => w.Count(c => "aeiou".Contains(c, StringComparison.Ordinal)) % 2 == 0 ? "even" : "odd",
        ["letter-shift"] = w => new string(w.Select(c => c == 'z' ? 'a' : (char)(c + 1)).ToArray()),
    };

    private static readonly (string In, string Out, string Sep)[] Formats =
    [
        ("Input: ", "Output: ", "\n"),
        ("Q: ", "A: ", "\n"),
        ("", " -> ", "\n"),
        ("x = ", "y = ", "\n\n"),
        ("Word: ", "Answer: ", "\n"),
    ];

    public static IReadOnlyList<string> Families { get; } = Rules.Keys.Order(StringComparer.Ordinal).ToList();

    public static string Apply(string family, string word) => Rules[family](word);

    public static int FormatCount => Formats.Length;

    /// <summary>An episode with chosen demonstrations (in order), query and format; for experiments that vary one of them.</summary>
    public static WorldExample Episode(string family, string id, IReadOnlyList<string> demonstrations, string query, int format)
    {
        var rule = Rules[family];
        var (inLabel, outLabel, sep) = Formats[format % Formats.Length];
        var text = new StringBuilder();
        foreach (var word in demonstrations)
        {
            text.Append(inLabel).Append(word);
            text.Append(inLabel.Length == 0 ? outLabel : "\n" + outLabel).Append(rule(word)).Append(sep);
        }
        text.Append(inLabel).Append(query).Append(inLabel.Length == 0 ? outLabel : "\n" + outLabel);
        return new WorldExample(id, family, text.ToString().TrimEnd(' '), rule(query));
    }

    public static WorldExample Episode(DeterministicRandom rng, string family, string id, int k)
    {
        var rule = Rules[family];
        var (inLabel, outLabel, sep) = rng.Pick(Formats);
        var words = GeneralSkills.Words.ToList();
        rng.Shuffle(words);
        var text = new StringBuilder();
        foreach (var word in words.Take(k))
        {
            text.Append(inLabel).Append(word);
            text.Append(inLabel.Length == 0 ? outLabel : "\n" + outLabel).Append(rule(word)).Append(sep);
        }
        var query = words[k];
        text.Append(inLabel).Append(query).Append(inLabel.Length == 0 ? outLabel : "\n" + outLabel);
        return new WorldExample(id, family, text.ToString().TrimEnd(' '), rule(query));
    }
}
