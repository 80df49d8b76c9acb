using System.Globalization;
using System.Text;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>General skills the lab models learn in pretraining and the forgetting suite measures.</summary>
internal static class GeneralSkills
{
    public static readonly string[] Words =
    [
        "apple", "river", "stone", "cloud", "green", "table", "music", "paper", "light", "horse", "winter", "garden",
        "silver", "window", "orange", "bridge", "candle", "forest", "pencil", "rocket", "yellow", "button", "mirror", "basket",
        "planet", "ticket", "summer", "castle", "lemon", "tiger", "ocean", "violet", "copper", "feather", "island", "ladder",
    ];

    public static readonly string[] Families =
        ["copy", "reverse", "uppercase", "lowercase", "sort", "arithmetic", "lookup", "kv-to-json", "json-to-kv", "passage-qa"];

    private static readonly Dictionary<string, string[]> Instructions = new()
    {
        ["copy"] = ["Copy the text exactly.", "Repeat this text:", "Write the same text again."],
        ["reverse"] = ["Reverse the characters of the text.", "Write this text backwards:", "Spell the text in reverse order."],
        ["uppercase"] = ["Convert the text to upper case.", "Write this in capital letters:", "Make every letter uppercase."],
        ["lowercase"] = ["Convert the text to lower case.", "Write this in small letters:", "Make every letter lowercase."],
        ["sort"] = ["Sort the words alphabetically.", "Put these words in alphabetical order:", "Order the list from A to Z."],
        ["arithmetic"] = ["Compute the result.", "What is the answer?", "Calculate:"],
        ["lookup"] = ["Give the value for the key.", "Look up the key in the table.", "Which value belongs to the key?"],
        ["kv-to-json"] = ["Convert the key=value pairs to JSON.", "Rewrite as a JSON object:", "Turn these pairs into JSON."],
        ["json-to-kv"] = ["Convert the JSON to key=value lines.", "Rewrite the JSON as key=value pairs:", "Turn this JSON into key=value lines."],
        ["passage-qa"] = ["Answer from the passage.", "Read the passage and answer the question.", "Use the passage to answer."],
    };

    private static readonly string[] Names = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas"];

    public static WorldExample Make(DeterministicRandom rng, string family, string id)
    {
        var instruction = rng.Pick(Instructions[family]);
        var (input, expected) = family switch
        {
            "copy" => Same(Phrase(rng, 2, 5)),
            "reverse" => Reverse(rng),
            "uppercase" => Case(rng, upper: true),
            "lowercase" => Case(rng, upper: false),
            "sort" => Sort(rng),
            "arithmetic" => Arithmetic(rng),
            "lookup" => Lookup(rng),
            "kv-to-json" => KvToJson(rng, toJson: true),
            "json-to-kv" => KvToJson(rng, toJson: false),
            "passage-qa" => PassageQa(rng),
            _ => throw new ArgumentException($"Unknown general-skill family '{family}'.", nameof(family)),
        };
        return new WorldExample(id, family, $"{instruction}\n{input}", expected);
    }

    public static string Phrase(DeterministicRandom rng, int min, int max) =>
        string.Join(' ', Enumerable.Range(0, rng.NextInt(min, max + 1)).Select(_ => rng.Pick(Words)));

    private static (string, string) Same(string s) => (s, s);

    private static (string, string) Reverse(DeterministicRandom rng)
    {
        var s = Phrase(rng, 1, 3);
        var chars = s.ToCharArray();
        Array.Reverse(chars);
        return (s, new string(chars));
    }

    private static (string, string) Case(DeterministicRandom rng, bool upper)
    {
        var words = Phrase(rng, 2, 4).Split(' ').Select(w => rng.NextInt(2) == 0 ? w.ToUpperInvariant() : w);
        var s = string.Join(' ', words);
        return (s, upper ? s.ToUpperInvariant() : s.ToLowerInvariant());
    }

    private static (string, string) Sort(DeterministicRandom rng)
    {
        var words = Enumerable.Range(0, rng.NextInt(3, 6)).Select(_ => rng.Pick(Words)).Distinct().ToList();
        return (string.Join(", ", words), string.Join(", ", words.Order(StringComparer.Ordinal)));
    }

    private static (string, string) Arithmetic(DeterministicRandom rng)
    {
        var a = rng.NextInt(0, 50);
        var b = rng.NextInt(0, 50);
        return rng.NextInt(3) switch
        {
            0 => ($"{I(a)} + {I(b)} =", I(a + b)),
            1 => ($"{I(Math.Max(a, b))} - {I(Math.Min(a, b))} =", I(Math.Max(a, b) - Math.Min(a, b))),
            _ => ($"{I(a % 13)} * {I(b % 13)} =", I((a % 13) * (b % 13))),
        };
    }

    private static (string, string) Lookup(DeterministicRandom rng)
    {
        var keys = Words.ToList();
        rng.Shuffle(keys);
        var pairs = keys.Take(rng.NextInt(3, 6)).Select(k => (k, I(rng.NextInt(100, 1000)))).ToList();
        var asked = rng.Pick(pairs);
        var table = string.Join('\n', pairs.Select(p => $"{p.k}: {p.Item2}"));
        return ($"{table}\nKey: {asked.k}", asked.Item2);
    }

    private static (string, string) KvToJson(DeterministicRandom rng, bool toJson)
    {
        var keys = Words.ToList();
        rng.Shuffle(keys);
        var pairs = keys.Take(rng.NextInt(2, 4)).Select(k => (Key: k, Value: rng.Pick(Words))).ToList();
        var kv = string.Join('\n', pairs.Select(p => $"{p.Key}={p.Value}"));
        var json = WorldText.Json(w =>
        {
            w.WriteStartObject();
            foreach (var p in pairs) w.WriteString(p.Key, p.Value);
            w.WriteEndObject();
        });
        return toJson ? (kv, json) : (json, kv);
    }

    private static (string, string) PassageQa(DeterministicRandom rng)
    {
        var name = rng.Pick(Names);
        var thing = rng.Pick(Words);
        var number = rng.NextInt(2, 20);
        var passage = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{name} bought {I(number)} {thing}s at the market. ")
            .Append(CultureInfo.InvariantCulture, $"Later {name} walked home by the {rng.Pick(Words)}.")
            .ToString();
        return rng.NextInt(2) == 0
            ? ($"Passage: {passage}\nQuestion: How many {thing}s did {name} buy?", I(number))
            : ($"Passage: {passage}\nQuestion: Who bought the {thing}s?", name);
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
