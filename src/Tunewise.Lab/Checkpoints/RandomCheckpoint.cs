using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Checkpoints;

/// <summary>
/// Writes a complete checkpoint directory with random weights and a small byte-level BPE tokenizer
/// with a ChatML template: a real, loadable model for tests and for trying the lab end to end.
/// </summary>
public static class RandomCheckpoint
{
    public const string ChatMlTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static readonly string[] SpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];
    private static readonly string[] MergedWords = ["the", "and", "ing", "er", "re", "on", "at", "yes", "no", "hello", "world"];

    public static LlamaConfig Write(string directory, int layers = 2, int hiddenSize = 64, int? heads = null, int? kvHeads = null, int seed = 0,
        bool tied = false, ScalarType dtype = ScalarType.Float32)
    {
        Directory.CreateDirectory(directory);
        int vocabSize = WriteTokenizer(directory);
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
            BosTokenId = null,
            EosTokenIds = [vocabSize - 1],
        };
        manual_seed(seed);
        using var model = new LlamaModel(config);
        model.Save(directory, dtype);
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
            var pieces = ApplyMerges(string.Concat(Encoding.UTF8.GetBytes(word).Select(ByteSymbol)), ranks);
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
