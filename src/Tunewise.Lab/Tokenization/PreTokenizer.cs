using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// A <c>tokenizer.json</c> pre-tokenizer: cuts normalized text into the words that the model encodes
/// one by one. A piece knows whether it starts the text, which Metaspace's "first" scheme needs.
/// </summary>
internal abstract class PreTokenizer
{
    private static readonly string[] Supported = ["ByteLevel", "Metaspace", "Split", "Sequence"];

    public abstract IEnumerable<(string Text, bool AtStart)> Split(string text, bool atStart);

    /// <summary>Whether the pre-tokenizer maps bytes to GPT-2's alphabet (then the decoder, if absent, is byte-level too).</summary>
    public virtual bool IsByteLevel => false;

    public static PreTokenizer? Read(JsonNode? node, string jsonPath, TokenizerJson json)
    {
        if (node is null) return null;
        string? kind = json.Kind(node, jsonPath);
        switch (kind)
        {
            case "ByteLevel":
                return new ByteLevel(json.Bool(node, "add_prefix_space", jsonPath, false), json.Bool(node, "use_regex", jsonPath, true));
            case "Metaspace":
                return new Metaspace(json.Character(node, "replacement", jsonPath, "▁"), ReadPrependScheme(node, jsonPath, json),
                    json.Bool(node, "split", jsonPath, true));
            case "Split":
                if (json.Bool(node, "invert", jsonPath, false)) throw json.Error($"{jsonPath}.invert", "an inverted Split is not supported.");
                string behavior = json.OptionalString(node, "behavior", jsonPath) ?? "Isolated";
                if (behavior is not ("Isolated" or "Removed" or "MergedWithPrevious" or "MergedWithNext"))
                    throw json.Error($"{jsonPath}.behavior", $"'{behavior}' is not supported; supported are Isolated, Removed, MergedWithPrevious, MergedWithNext.");
                return new SplitOnPattern(json.Pattern(node, jsonPath), behavior);
            case "Sequence":
                return new Sequence(json.Array(node, "pretokenizers", jsonPath)
                    .Select((step, i) => Read(step, $"{jsonPath}.pretokenizers[{i}]", json)
                        ?? throw json.Error($"{jsonPath}.pretokenizers[{i}]", "a step of a sequence cannot be null."))
                    .ToArray());
            default:
                throw json.UnsupportedKind(jsonPath, kind, "pre_tokenizer", Supported);
        }
    }

    internal static string ReadPrependScheme(JsonNode node, string jsonPath, TokenizerJson json)
    {
        // Older files carry add_prefix_space (true meaning "always"); newer ones prepend_scheme.
        string scheme = json.OptionalString(node, "prepend_scheme", jsonPath)
            ?? (json.Bool(node, "add_prefix_space", jsonPath, true) ? "always" : "never");
        return scheme is "always" or "never" or "first" ? scheme
            : throw json.Error($"{jsonPath}.prepend_scheme", $"'{scheme}' is not supported; supported are always, never, first.");
    }

    private sealed class ByteLevel(bool addPrefixSpace, bool useRegex) : PreTokenizer
    {
        private static readonly Regex Gpt2 = new(ByteLevelAlphabet.Gpt2Pattern, RegexOptions.Compiled);

        public override bool IsByteLevel => true;

        public override IEnumerable<(string Text, bool AtStart)> Split(string text, bool atStart)
        {
            if (addPrefixSpace && !text.StartsWith(' ')) text = " " + text;
            if (!useRegex)
            {
                yield return (ByteLevelAlphabet.Encode(text), atStart);
                yield break;
            }
            bool first = atStart;
            foreach (Match piece in Gpt2.Matches(text))
            {
                yield return (ByteLevelAlphabet.Encode(piece.Value), first && piece.Index == 0);
            }
        }
    }

    private sealed class Metaspace(string replacement, string prependScheme, bool split) : PreTokenizer
    {
        public override IEnumerable<(string Text, bool AtStart)> Split(string text, bool atStart)
        {
            text = text.Replace(" ", replacement);
            bool prepend = prependScheme == "always" || (prependScheme == "first" && atStart);
            if (prepend && text.Length > 0 && !text.StartsWith(replacement, StringComparison.Ordinal)) text = replacement + text;
            if (!split)
            {
                if (text.Length > 0) yield return (text, atStart);
                yield break;
            }
            int start = 0;
            for (int i = text.IndexOf(replacement, 1, StringComparison.Ordinal); i > 0; i = text.IndexOf(replacement, i + 1, StringComparison.Ordinal))
            {
                yield return (text[start..i], atStart && start == 0);
                start = i;
            }
            if (start < text.Length) yield return (text[start..], atStart && start == 0);
        }
    }

    private sealed class SplitOnPattern(Regex pattern, string behavior) : PreTokenizer
    {
        public override IEnumerable<(string Text, bool AtStart)> Split(string text, bool atStart)
        {
            var pieces = new List<(int Start, int Length, bool IsMatch)>();
            int position = 0;
            foreach (Match match in pattern.Matches(text))
            {
                if (match.Length == 0) continue;
                if (match.Index > position) pieces.Add((position, match.Index - position, false));
                pieces.Add((match.Index, match.Length, true));
                position = match.Index + match.Length;
            }
            if (position < text.Length) pieces.Add((position, text.Length - position, false));

            var merged = new List<(int Start, int Length)>();
            foreach (var (start, length, isMatch) in pieces)
            {
                switch (behavior)
                {
                    case "Removed" when isMatch:
                        break;
                    case "MergedWithPrevious" when isMatch && merged.Count > 0:
                        merged[^1] = (merged[^1].Start, merged[^1].Length + length);
                        break;
                    case "MergedWithNext" when !isMatch && merged.Count > 0 && IsMatchAt(pieces, merged[^1].Start):
                        merged[^1] = (merged[^1].Start, merged[^1].Length + length);
                        break;
                    default:
                        merged.Add((start, length));
                        break;
                }
            }
            foreach (var (start, length) in merged) yield return (text.Substring(start, length), atStart && start == 0);
        }

        private static bool IsMatchAt(List<(int Start, int Length, bool IsMatch)> pieces, int start) =>
            pieces.Exists(p => p.Start == start && p.IsMatch);
    }

    private sealed class Sequence(PreTokenizer[] steps) : PreTokenizer
    {
        public override bool IsByteLevel => steps.Any(s => s.IsByteLevel);

        public override IEnumerable<(string Text, bool AtStart)> Split(string text, bool atStart)
        {
            IEnumerable<(string Text, bool AtStart)> pieces = [(text, atStart)];
            foreach (var step in steps)
            {
                var current = step;
                pieces = pieces.SelectMany(p => current.Split(p.Text, p.AtStart)).ToList();
            }
            return pieces;
        }
    }
}
