using System.Text;
using System.Text.Json.Nodes;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// The BPE model of a <c>tokenizer.json</c>: a word is split into characters, and adjacent pairs are
/// merged lowest rank first (leftmost first on ties) as the merges list orders them. A character that
/// is not in the vocabulary becomes its UTF-8 bytes as <c>&lt;0xNN&gt;</c> tokens with
/// <c>byte_fallback</c>, else the unknown token (runs of them fused into one with <c>fuse_unk</c>).
/// </summary>
internal sealed class BpeModel
{
    private const int CachedWordLength = 64;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<(int Left, int Right), (int Rank, int Merged)> _merges;
    private readonly int? _unkId;
    private readonly int[]? _byteIds;
    private readonly bool _fuseUnk;
    private readonly bool _ignoreMerges;
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly Lock _cacheGate = new();

    private BpeModel(Dictionary<string, int> vocab, Dictionary<(int, int), (int, int)> merges, int? unkId, int[]? byteIds, bool fuseUnk, bool ignoreMerges)
    {
        _vocab = vocab;
        _merges = merges;
        _unkId = unkId;
        _byteIds = byteIds;
        _fuseUnk = fuseUnk;
        _ignoreMerges = ignoreMerges;
    }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    public static BpeModel Read(JsonNode? node, TokenizerJson json)
    {
        const string at = "model";
        if (node is not JsonObject) throw json.Error(at, "the field is missing or not an object.");
        string kind = json.Kind(node, at) ?? "BPE";
        if (kind != "BPE") throw json.UnsupportedKind(at, kind, "model", ["BPE"]);
        if (node["dropout"] is JsonValue dropout && dropout.TryGetValue<double>(out var p) && p > 0)
            throw json.Error($"{at}.dropout", "BPE dropout is a training-time option and is not supported.");
        if (json.OptionalString(node, "continuing_subword_prefix", at) is { Length: > 0 })
            throw json.Error($"{at}.continuing_subword_prefix", "subword prefixes are not supported.");
        if (json.OptionalString(node, "end_of_word_suffix", at) is { Length: > 0 })
            throw json.Error($"{at}.end_of_word_suffix", "end-of-word suffixes are not supported.");

        var vocabNode = node["vocab"] as JsonObject ?? throw json.Error($"{at}.vocab", "expected an object of token to id.");
        var vocab = new Dictionary<string, int>(vocabNode.Count, StringComparer.Ordinal);
        foreach (var (token, idNode) in vocabNode)
        {
            vocab[token] = idNode is JsonValue v && v.TryGetValue<int>(out var id) ? id
                : throw json.Error($"{at}.vocab[\"{token}\"]", $"expected a token id, got {idNode?.ToJsonString()}.");
        }

        var merges = new Dictionary<(int, int), (int, int)>();
        var mergeNodes = node["merges"] as JsonArray ?? [];
        for (int rank = 0; rank < mergeNodes.Count; rank++)
        {
            var merge = mergeNodes[rank];
            (string left, string right) = merge switch
            {
                JsonArray { Count: 2 } a when a[0] is JsonValue l && a[1] is JsonValue r => (l.GetValue<string>(), r.GetValue<string>()),
                JsonValue v when v.TryGetValue<string>(out var s) && s.Split(' ') is [var l, var r] => (l, r),
                _ => throw json.Error($"{at}.merges[{rank}]", $"expected \"a b\" or [\"a\", \"b\"], got {merge?.ToJsonString()}."),
            };
            if (!vocab.TryGetValue(left, out int leftId) || !vocab.TryGetValue(right, out int rightId))
                throw json.Error($"{at}.merges[{rank}]", $"'{left}' or '{right}' is not in the vocabulary.");
            if (!vocab.TryGetValue(left + right, out int mergedId))
                throw json.Error($"{at}.merges[{rank}]", $"the merged token '{left + right}' is not in the vocabulary.");
            merges.TryAdd((leftId, rightId), (rank, mergedId));
        }

        int? unkId = null;
        if (json.OptionalString(node, "unk_token", at) is { } unk)
        {
            unkId = vocab.TryGetValue(unk, out var id) ? id : throw json.Error($"{at}.unk_token", $"'{unk}' is not in the vocabulary.");
        }
        int[]? byteIds = null;
        if (json.Bool(node, "byte_fallback", at, false))
        {
            byteIds = new int[256];
            for (int b = 0; b < 256; b++) byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
        }
        return new BpeModel(vocab, merges, unkId, byteIds, json.Bool(node, "fuse_unk", at, false), json.Bool(node, "ignore_merges", at, false));
    }

    public void Encode(string word, List<int> output)
    {
        if (word.Length == 0) return;
        if (_ignoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }
        bool cacheable = word.Length <= CachedWordLength;
        if (cacheable)
        {
            lock (_cacheGate)
            {
                if (_cache.TryGetValue(word, out var cached))
                {
                    output.AddRange(cached);
                    return;
                }
            }
        }
        var ids = Merge(InitialSymbols(word));
        if (cacheable)
        {
            lock (_cacheGate)
            {
                if (_cache.Count < 100_000) _cache[word] = ids;
            }
        }
        output.AddRange(ids);
    }

    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        bool lastWasUnknown = false;
        for (int i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1)
        {
            string character = char.IsSurrogatePair(word, i) ? word.Substring(i, 2) : word[i].ToString();
            if (_vocab.TryGetValue(character, out int id))
            {
                symbols.Add(id);
                lastWasUnknown = false;
                continue;
            }
            if (_byteIds is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(character);
                if (bytes.All(b => _byteIds[b] >= 0))
                {
                    foreach (byte b in bytes) symbols.Add(_byteIds[b]);
                    lastWasUnknown = false;
                    continue;
                }
            }
            // Without an unknown token the character is dropped, as Hugging Face tokenizers do.
            if (_unkId is not { } unk) continue;
            if (!(_fuseUnk && lastWasUnknown)) symbols.Add(unk);
            lastWasUnknown = true;
        }
        return symbols;
    }

    private int[] Merge(List<int> symbols)
    {
        int count = symbols.Count;
        if (count < 2) return [.. symbols];
        var ids = symbols.ToArray();
        var previous = new int[count];
        var next = new int[count];
        var alive = new bool[count];
        for (int i = 0; i < count; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            alive[i] = true;
        }
        // Candidates ordered by (rank, position); a stale candidate is skipped when popped.
        var queue = new PriorityQueue<(int Left, int LeftId, int RightId, int Merged), (int Rank, int Position)>();
        for (int i = 0; i + 1 < count; i++) Offer(i);
        while (queue.TryDequeue(out var candidate, out _))
        {
            int left = candidate.Left;
            int right = alive[left] ? next[left] : -1;
            if (right < 0 || ids[left] != candidate.LeftId || ids[right] != candidate.RightId) continue;
            ids[left] = candidate.Merged;
            alive[right] = false;
            next[left] = next[right];
            if (next[right] >= 0) previous[next[right]] = left;
            if (previous[left] >= 0) Offer(previous[left]);
            Offer(left);
        }
        var result = new List<int>(count);
        for (int i = 0; i >= 0; i = next[i]) result.Add(ids[i]);
        return [.. result];

        void Offer(int left)
        {
            int right = next[left];
            if (right >= 0 && _merges.TryGetValue((ids[left], ids[right]), out var merge))
                queue.Enqueue((left, ids[left], ids[right], merge.Merged), (merge.Rank, left));
        }
    }
}
