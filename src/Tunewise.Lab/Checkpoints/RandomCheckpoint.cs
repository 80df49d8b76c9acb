using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Checkpoints;

/// <summary>
/// Writes a complete checkpoint directory with random weights and a small tokenizer: byte-level BPE
/// with a ChatML template, or SentencePiece-style BPE with byte fallback and a Llama 2 template. A
/// real, loadable model for tests and for trying the lab end to end.
/// </summary>
public static class RandomCheckpoint
{
    public const string ChatMlTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static readonly string[] SpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];
    private static readonly string[] MergedWords = ["the", "and", "ing", "er", "re", "on", "at", "yes", "no", "hello", "world"];

    /// <summary>A Llama 2 style template: BOS and [INST] around each user turn, EOS after each answer.</summary>
    public const string LlamaTwoTemplate =
        "{% for message in messages %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + message['content'] + ' [/INST]' }}" +
        "{% else %}{{ ' ' + message['content'] + eos_token }}{% endif %}{% endfor %}";

    /// <summary>The families <see cref="Write"/> can lay a checkpoint out as (config.json's model_type).</summary>
    public static readonly IReadOnlyList<string> Families = ["llama", "qwen2", "mistral", "gemma", "phi3"];

    /// <param name="family">
    /// "llama"; "qwen2" (biases on q/k/v, rope_theta 1e6, as Qwen2.5 ships); or "mistral" (a sliding window of
    /// <paramref name="slidingWindow"/> tokens, default 4096); or "gemma" (scaled embeddings, 1 + w norms, GeGLU); or "phi3"
    /// (q/k/v and gate/up fused on disk, a sliding window of <paramref name="slidingWindow"/> tokens, default 2047 as Phi-3 mini).
    /// </param>
    /// <param name="maxShardBytes">Splits the weights into shards with model.safetensors.index.json beyond this size.</param>
    public static LlamaConfig Write(string directory, int layers = 2, int hiddenSize = 64, int? heads = null, int? kvHeads = null, int seed = 0,
        bool tied = false, ScalarType dtype = ScalarType.Float32, bool sentencePiece = false, string family = "llama",
        int? slidingWindow = null, long? maxShardBytes = null)
    {
        if (!Families.Contains(family))
            throw new UserInputException($"Unknown model family '{family}'; expected one of {string.Join(", ", Families)}.");
        if (slidingWindow is not null && family is not ("mistral" or "phi3"))
            throw new UserInputException($"A sliding window applies to the mistral and phi3 families only, not '{family}'.");
        Directory.CreateDirectory(directory);
        int vocabSize = sentencePiece ? WriteSentencePieceTokenizer(directory) : WriteTokenizer(directory);
        int headCount = heads ?? Math.Max(1, hiddenSize / 16);
        var config = new LlamaConfig
        {
            HiddenSize = hiddenSize,
            IntermediateSize = hiddenSize * 2,
            NumHiddenLayers = layers,
            NumAttentionHeads = headCount,
            NumKeyValueHeads = kvHeads ?? Math.Max(1, headCount / 2),
            VocabSize = vocabSize,
            RmsNormEps = 1e-5,
            MaxPositionEmbeddings = 512,
            TieWordEmbeddings = tied,
            BosTokenId = sentencePiece ? SentencePieceBos : null,
            EosTokenIds = [sentencePiece ? SentencePieceEos : vocabSize - 1],
            ModelType = family,
            QkvBias = family == "qwen2",
            RopeTheta = family == "qwen2" ? 1_000_000.0 : 10_000.0,
            SlidingWindow = family switch { "mistral" => slidingWindow ?? 4096, "phi3" => slidingWindow ?? 2047, _ => null },
        };
        using var model = LlamaModel.Seeded(config, seed);
        model.Save(directory, dtype, maxShardBytes);
        return config;
    }

    /// <summary>Writes tokenizer.json and tokenizer_config.json; returns the number of ids.</summary>
    public static int WriteTokenizer(string directory)
    {
        var byteSymbols = Enumerable.Range(0, 256).Select(b => ByteSymbol((byte)b)).ToList();
        var vocab = new JsonObject();
        int next = 0;
        foreach (var symbol in byteSymbols) vocab[symbol] = next++;
        var merges = new JsonArray();
        var ranks = new List<(string Left, string Right)>();
        foreach (var word in MergedWords.SelectMany(w => new[] { w, " " + w }))
        {
            // Encode with the merges so far, then join the pieces left to right, so every word ends as one token.
            next = MergeLeftToRight(ApplyMerges(string.Concat(Encoding.UTF8.GetBytes(word).Select(ByteSymbol)), ranks), vocab, merges, ranks, next);
        }
        var added = new JsonArray();
        foreach (var special in SpecialTokens)
        {
            added.Add((JsonNode)new JsonObject { ["id"] = next++, ["content"] = special, ["special"] = true });
        }
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = merges },
        };
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(directory, LlamaCheckpoint.TokenizerFile), tokenizer.ToJsonString(options));
        var tokenizerConfig = new JsonObject
        {
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["add_bos_token"] = false,
            ["chat_template"] = ChatMlTemplate,
        };
        File.WriteAllText(Path.Combine(directory, LlamaCheckpoint.TokenizerConfigFile), tokenizerConfig.ToJsonString(options));
        return next;
    }

    /// <summary>
    /// Joins a word's pieces left to right until it is one token, adding each merge the vocabulary lacks (as a rank, a
    /// "left right" merge line and a new id from <paramref name="next"/>); returns the next free id.
    /// </summary>
    private static int MergeLeftToRight(List<string> pieces, JsonObject vocab, JsonArray merges, List<(string Left, string Right)> ranks, int next)
    {
        while (pieces.Count > 1)
        {
            string joined = pieces[0] + pieces[1];
            if (!vocab.ContainsKey(joined))
            {
                ranks.Add((pieces[0], pieces[1]));
                merges.Add((JsonNode?)JsonValue.Create($"{pieces[0]} {pieces[1]}"));
                vocab[joined] = next++;
            }
            pieces[0] = joined;
            pieces.RemoveAt(1);
        }
        return next;
    }

    private const int SentencePieceBos = 1, SentencePieceEos = 2;

    /// <summary>
    /// Writes a tokenizer.json laid out as Llama 2's (normalizer Prepend("▁") + Replace(" "→"▁"), BPE
    /// with byte_fallback, TemplateProcessing adding &lt;s&gt;, decoder Replace/ByteFallback/Fuse/Strip)
    /// and a tokenizer_config.json as Llama 2 ships it; returns the number of ids.
    /// </summary>
    public static int WriteSentencePieceTokenizer(string directory)
    {
        var vocab = new JsonObject { ["<unk>"] = 0, ["<s>"] = SentencePieceBos, ["</s>"] = SentencePieceEos };
        int next = 3;
        for (int b = 0; b < 256; b++) vocab[$"<0x{b:X2}>"] = next++;
        var words = MergedWords.Select(w => "▁" + w).ToList();
        foreach (var c in words.SelectMany(w => w).Distinct().Order()) vocab[c.ToString()] = next++;
        var merges = new JsonArray();
        var ranks = new List<(string Left, string Right)>();
        foreach (var word in words)
        {
            next = MergeLeftToRight(ApplyMerges(word, ranks), vocab, merges, ranks, next);
        }
        var added = new JsonArray();
        foreach (var (special, id) in new[] { ("<unk>", 0), ("<s>", SentencePieceBos), ("</s>", SentencePieceEos) })
        {
            added.Add((JsonNode)new JsonObject
            {
                ["id"] = id, ["content"] = special, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            });
        }
        JsonObject Piece(string type, params (string Key, JsonNode? Value)[] fields)
        {
            var o = new JsonObject { ["type"] = type };
            foreach (var (key, value) in fields) o[key] = value;
            return o;
        }
        JsonObject Literal(string text) => new() { ["String"] = text };
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = Piece("Sequence", ("normalizers", new JsonArray(
                Piece("Prepend", ("prepend", "▁")),
                Piece("Replace", ("pattern", Literal(" ")), ("content", "▁"))))),
            ["pre_tokenizer"] = null,
            ["post_processor"] = Piece("TemplateProcessing",
                ("single", new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } })),
                ("pair", new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 1 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } })),
                ("special_tokens", new JsonObject
                {
                    ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(SentencePieceBos), ["tokens"] = new JsonArray("<s>") },
                })),
            ["decoder"] = Piece("Sequence", ("decoders", new JsonArray(
                Piece("Replace", ("pattern", Literal("▁")), ("content", " ")),
                Piece("ByteFallback"),
                Piece("Fuse"),
                Piece("Strip", ("content", " "), ("start", 1), ("stop", 0))))),
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = true, ["byte_fallback"] = true, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = merges,
            },
        };
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(directory, LlamaCheckpoint.TokenizerFile), tokenizer.ToJsonString(options));
        var tokenizerConfig = new JsonObject
        {
            ["tokenizer_class"] = "LlamaTokenizer",
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
            ["unk_token"] = "<unk>",
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
            ["legacy"] = true,
            ["chat_template"] = LlamaTwoTemplate,
        };
        File.WriteAllText(Path.Combine(directory, LlamaCheckpoint.TokenizerConfigFile), tokenizerConfig.ToJsonString(options));
        return next;
    }

    private static List<string> ApplyMerges(string word, List<(string Left, string Right)> ranks)
    {
        var symbols = word.Select(c => c.ToString()).ToList();
        while (symbols.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i < symbols.Count - 1; i++)
            {
                int rank = ranks.IndexOf((symbols[i], symbols[i + 1]));
                if (rank >= 0 && rank < bestRank) (best, bestRank) = (i, rank);
            }
            if (best < 0) break;
            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }
        return symbols;
    }

    private static string ByteSymbol(byte b)
    {
        bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable) return ((char)b).ToString();
        int offset = 0;
        for (int i = 0; i < b; i++)
        {
            bool p = (i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF);
            if (!p) offset++;
        }
        return ((char)(256 + offset)).ToString();
    }
}
