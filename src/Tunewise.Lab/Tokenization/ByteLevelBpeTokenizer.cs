using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// Byte-level BPE as in Hugging Face <c>tokenizer.json</c> (GPT-2, Llama 3, Qwen): text is split on
/// added/special tokens, pre-split with the pre-tokenizer's regex, mapped byte-by-byte to printable
/// characters, then merged by rank.
/// </summary>
public sealed class ByteLevelBpeTokenizer
{
    internal const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    internal static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly Dictionary<(string, string), int> _mergeRanks;
    private readonly Dictionary<string, int> _addedTokens;
    private readonly HashSet<int> _specialIds;
    private readonly Regex? _addedTokenSplitter;
    private readonly Regex _preTokenizer;
    private readonly bool _ignoreMerges;
    private readonly bool _normalizeNfc;
    private readonly bool _addPrefixSpace;
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _cacheGate = new();

    private ByteLevelBpeTokenizer(Dictionary<string, int> vocab, Dictionary<(string, string), int> mergeRanks,
        Dictionary<string, int> addedTokens, HashSet<int> specialIds, string pattern, bool ignoreMerges, bool normalizeNfc, bool addPrefixSpace)
    {
        _normalizeNfc = normalizeNfc;
        _addPrefixSpace = addPrefixSpace;
        _vocab = vocab;
        _mergeRanks = mergeRanks;
        _addedTokens = addedTokens;
        _specialIds = specialIds;
        _ignoreMerges = ignoreMerges;
        _preTokenizer = new Regex(pattern, RegexOptions.Compiled);
        int size = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, addedTokens.Count == 0 ? 0 : addedTokens.Values.Max() + 1);
        _idToToken = new string[size];
        foreach (var (token, id) in vocab) _idToToken[id] = token;
        foreach (var (token, id) in addedTokens) _idToToken[id] = token;
        if (addedTokens.Count > 0)
        {
            _addedTokenSplitter = new Regex(string.Join("|", addedTokens.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)));
        }
    }

    /// <summary>Number of ids (base vocabulary plus added tokens).</summary>
    public int VocabSize => _idToToken.Length;

    public IReadOnlyCollection<int> SpecialTokenIds => _specialIds;

    /// <summary>Loads a <c>tokenizer.json</c>; unsupported models or pre-tokenizers are named in the error.</summary>
    public static ByteLevelBpeTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"Tokenizer file '{path}' does not exist.");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UserInputException($"'{path}': expected a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }
        var model = root["model"] as JsonObject ?? throw new UserInputException($"'{path}': field 'model' is missing.");
        string type = model["type"]?.GetValue<string>() ?? "BPE";
        if (type != "BPE") throw new UserInputException($"'{path}': model.type is '{type}'; only byte-level BPE tokenizers are supported.");
        var vocab = (model["vocab"] as JsonObject ?? throw new UserInputException($"'{path}': field 'model.vocab' is missing."))
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal);
        var ranks = new Dictionary<(string, string), int>();
        var merges = model["merges"] as JsonArray ?? [];
        for (int i = 0; i < merges.Count; i++)
        {
            var merge = merges[i];
            (string, string) pair = merge switch
            {
                JsonArray { Count: 2 } a => (a[0]!.GetValue<string>(), a[1]!.GetValue<string>()),
                JsonValue v when v.GetValue<string>().Split(' ') is [var left, var right] => (left, right),
                _ => throw new UserInputException($"'{path}': model.merges[{i}] must be \"a b\" or [\"a\", \"b\"], got {merge?.ToJsonString()}."),
            };
            ranks.TryAdd(pair, i);
        }
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var special = new HashSet<int>();
        foreach (var token in root["added_tokens"] as JsonArray ?? [])
        {
            string content = token!["content"]!.GetValue<string>();
            int id = token["id"]!.GetValue<int>();
            added[content] = id;
            if (token["special"]?.GetValue<bool>() ?? false) special.Add(id);
        }
        string pattern = PreTokenizerPattern(root["pre_tokenizer"], path);
        bool ignoreMerges = model["ignore_merges"]?.GetValue<bool>() ?? false;
        bool normalizeNfc = root["normalizer"]?["type"]?.GetValue<string>() switch
        {
            null => false,
            "NFC" => true,
            var other => throw new UserInputException($"'{path}': the normalizer is '{other}'; only none or NFC is supported for byte-level BPE."),
        };
        bool addPrefixSpace = FindByteLevel(root["pre_tokenizer"])?["add_prefix_space"]?.GetValue<bool>() ?? false;
        return new ByteLevelBpeTokenizer(vocab, ranks, added, special, pattern, ignoreMerges, normalizeNfc, addPrefixSpace);
    }

    public int? TokenToId(string token) =>
        _addedTokens.TryGetValue(token, out var id) || _vocab.TryGetValue(token, out id) ? id : null;

    public string IdToToken(int id) => id >= 0 && id < _idToToken.Length && _idToToken[id] is { } t ? t
        : throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside the vocabulary.");

    /// <summary>Token ids for <paramref name="text"/>; added/special token strings in the text become their ids.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        int start = 0;
        if (_addedTokenSplitter is not null)
        {
            foreach (Match match in _addedTokenSplitter.Matches(text))
            {
                EncodeOrdinary(text[start..match.Index], ids);
                ids.Add(_addedTokens[match.Value]);
                start = match.Index + match.Length;
            }
        }
        EncodeOrdinary(text[start..], ids);
        return [.. ids];
    }

    /// <summary>The text for <paramref name="ids"/>; invalid UTF-8 sequences become U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if (_specialIds.Contains(id) && skipSpecialTokens) continue;
            string token = IdToToken(id);
            if (_addedTokens.ContainsKey(token) && !_vocab.ContainsKey(token))
            {
                Flush();
                text.Append(token);
                continue;
            }
            foreach (char c in token)
            {
                if (CharToByte.TryGetValue(c, out var b)) bytes.Add(b);
                else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        Flush();
        return text.ToString();

        void Flush()
        {
            text.Append(Encoding.UTF8.GetString(bytes.ToArray()));
            bytes.Clear();
        }
    }

    private void EncodeOrdinary(string text, List<int> ids)
    {
        if (text.Length == 0) return;
        if (_normalizeNfc) text = text.Normalize(NormalizationForm.FormC);
        if (_addPrefixSpace && !text.StartsWith(' ')) text = " " + text;
        foreach (Match piece in _preTokenizer.Matches(text))
        {
            var mapped = new string(Encoding.UTF8.GetBytes(piece.Value).Select(b => ByteToChar[b]).ToArray());
            ids.AddRange(EncodeWord(mapped));
        }
    }

    private int[] EncodeWord(string word)
    {
        lock (_cacheGate)
        {
            if (_cache.TryGetValue(word, out var cached)) return cached;
        }
        int[] result;
        if (_ignoreMerges && _vocab.TryGetValue(word, out var whole))
        {
            result = [whole];
        }
        else
        {
            var symbols = word.Select(c => c.ToString()).ToList();
            while (symbols.Count > 1)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i < symbols.Count - 1; i++)
                {
                    if (_mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out int rank) && rank < bestRank)
                    {
                        (best, bestRank) = (i, rank);
                    }
                }
                if (best < 0) break;
                symbols[best] += symbols[best + 1];
                symbols.RemoveAt(best + 1);
            }
            result = symbols.Select(s => _vocab.TryGetValue(s, out var id) ? id
                : throw new UserInputException($"The tokenizer's vocabulary has no entry for '{s}' (byte-level BPE needs all 256 byte symbols).")).ToArray();
        }
        lock (_cacheGate)
        {
            if (_cache.Count < 100_000) _cache[word] = result;
        }
        return result;
    }

    private static string PreTokenizerPattern(JsonNode? node, string path)
    {
        switch (node?["type"]?.GetValue<string>())
        {
            case null:
                return Gpt2Pattern;
            case "ByteLevel":
                return (node["use_regex"]?.GetValue<bool>() ?? true) ? Gpt2Pattern : "(?s).+";
            case "Sequence":
                string? pattern = null;
                bool sawByteLevel = false;
                foreach (var step in node["pretokenizers"] as JsonArray ?? [])
                {
                    switch (step?["type"]?.GetValue<string>())
                    {
                        case "Split" when IsIsolatedRegexSplit(step):
                            if (pattern is not null) throw Unsupported("more than one Split step");
                            pattern = ConvertPattern(step["pattern"]!["Regex"]!.GetValue<string>(), path);
                            break;
                        case "ByteLevel":
                            sawByteLevel = true;
                            if (step["use_regex"]?.GetValue<bool>() ?? true) pattern ??= Gpt2Pattern;
                            break;
                        case "Digits" or "Punctuation" or "Whitespace" or "Metaspace" or "Split" or null:
                            throw Unsupported($"a {step?["type"]} step");
                        default:
                            throw Unsupported($"a {step["type"]} step");
                    }
                }
                if (!sawByteLevel) throw Unsupported("a sequence without a ByteLevel step");
                return pattern ?? "(?s).+";
            default:
                throw Unsupported($"type {node["type"]}");
        }

        UserInputException Unsupported(string what) =>
            new($"'{path}': the pre_tokenizer has {what}; supported are ByteLevel, and Sequence[Split(Regex, Isolated), ByteLevel].");
    }

    private static JsonNode? FindByteLevel(JsonNode? node) => node?["type"]?.GetValue<string>() switch
    {
        "ByteLevel" => node,
        "Sequence" => (node["pretokenizers"] as JsonArray ?? []).FirstOrDefault(step => step?["type"]?.GetValue<string>() == "ByteLevel"),
        _ => null,
    };

    private static bool IsIsolatedRegexSplit(JsonNode step)
    {
        bool isolated = (step["behavior"]?.GetValue<string>() ?? "Isolated") == "Isolated";
        bool inverted = step["invert"]?.GetValue<bool>() ?? false;
        return step["pattern"]?["Regex"] is not null && isolated && !inverted;
    }

    private static string ConvertPattern(string pattern, string path)
    {
        // .NET has no possessive quantifiers; an atomic group expresses the same thing.
        var converted = Regex.Replace(pattern, @"(\\p\{\w+\}|\[[^\]]*\]|\\.|.)(\?|\+|\*)\+", "(?>$1$2)");
        try
        {
            _ = new Regex(converted);
            return converted;
        }
        catch (ArgumentException ex)
        {
            throw new UserInputException($"'{path}': the pre_tokenizer regex cannot be used ({ex.Message}).", ex);
        }
    }

    private static char[] BuildByteToChar()
    {
        // GPT-2's table: printable bytes map to themselves, the rest to code points from U+0100 up.
        var map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)(256 + next++);
        }
        return map;
    }
}
