using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tunewise.Lab.Checkpoints;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// Learns a byte-level BPE vocabulary from a corpus, the way GPT-2's tokenizer was built: the text
/// is split on special tokens, pre-split with the GPT-2 regex, mapped to byte symbols, and the most
/// frequent adjacent pair is merged until the vocabulary is full. Ties go to the ordinally smaller
/// pair, so the same corpus always gives the same merges. The result is a Hugging Face
/// <c>tokenizer.json</c> that <see cref="HuggingFaceTokenizer"/> (and HF tokenizers) load.
/// </summary>
public static class BpeTrainer
{
    /// <summary>
    /// Learns merges until base bytes + merges + <paramref name="specialTokens"/> make <paramref name="vocabSize"/> ids,
    /// or until every pre-token of the corpus is a single symbol (then the vocabulary is smaller).
    /// </summary>
    public static BpeVocabulary Train(string corpus, int vocabSize, IReadOnlyList<string> specialTokens)
    {
        int mergeBudget = vocabSize - 256 - specialTokens.Count;
        if (mergeBudget < 0)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"The vocabulary needs room for 256 byte symbols and {specialTokens.Count} special tokens.");

        var wordCounts = CountWords(corpus, specialTokens);
        var symbols = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.ByteToChar[b].ToString()).ToList();
        var symbolIds = symbols.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        var words = wordCounts.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => (Symbols: w.Key.Select(c => symbolIds[c.ToString()]).ToList(), Count: w.Value)).ToList();
        var merges = new List<(string Left, string Right)>();

        while (merges.Count < mergeBudget)
        {
            var pairs = new Dictionary<(int, int), long>();
            foreach (var (word, count) in words)
            {
                for (int i = 0; i < word.Count - 1; i++)
                {
                    var pair = (word[i], word[i + 1]);
                    pairs[pair] = pairs.GetValueOrDefault(pair) + count;
                }
            }
            if (pairs.Count == 0) break;
            var best = pairs.Aggregate((a, b) =>
                b.Value > a.Value || (b.Value == a.Value && ComparePairs(b.Key, a.Key, symbols) < 0) ? b : a).Key;
            string merged = symbols[best.Item1] + symbols[best.Item2];
            int mergedId = symbols.Count;
            symbols.Add(merged);
            merges.Add((symbols[best.Item1], symbols[best.Item2]));
            foreach (var (word, _) in words)
            {
                for (int i = 0; i < word.Count - 1; i++)
                {
                    if (word[i] == best.Item1 && word[i + 1] == best.Item2)
                    {
                        word[i] = mergedId;
                        word.RemoveAt(i + 1);
                    }
                }
            }
        }
        return new BpeVocabulary(symbols, merges, specialTokens.ToList());
    }

    private static int ComparePairs((int, int) a, (int, int) b, List<string> symbols)
    {
        int left = string.CompareOrdinal(symbols[a.Item1], symbols[b.Item1]);
        return left != 0 ? left : string.CompareOrdinal(symbols[a.Item2], symbols[b.Item2]);
    }

    private static Dictionary<string, long> CountWords(string corpus, IReadOnlyList<string> specialTokens)
    {
        var preTokenizer = new Regex(ByteLevelAlphabet.Gpt2Pattern, RegexOptions.Compiled);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var parts = specialTokens.Count == 0 ? [corpus] : corpus.Split(specialTokens.ToArray(), StringSplitOptions.None);
        var buffer = new StringBuilder();
        foreach (var part in parts)
        {
            foreach (Match piece in preTokenizer.Matches(part))
            {
                buffer.Clear();
                foreach (byte b in Encoding.UTF8.GetBytes(piece.Value)) buffer.Append(ByteLevelAlphabet.ByteToChar[b]);
                var key = buffer.ToString();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }
        return counts;
    }
}

/// <summary>A learned byte-level BPE vocabulary: symbols (ids in order), merges by rank, and special tokens after them.</summary>
public sealed record BpeVocabulary(IReadOnlyList<string> Symbols, IReadOnlyList<(string Left, string Right)> Merges, IReadOnlyList<string> SpecialTokens)
{
    public int VocabSize => Symbols.Count + SpecialTokens.Count;

    public int SpecialTokenId(string token)
    {
        int index = SpecialTokens.ToList().IndexOf(token);
        return index < 0 ? throw new ArgumentException($"'{token}' is not a special token of this vocabulary.", nameof(token)) : Symbols.Count + index;
    }

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="directory"/>.</summary>
    public void Write(string directory, string chatTemplate, string eosToken, string padToken)
    {
        Directory.CreateDirectory(directory);
        var vocab = new JsonObject();
        for (int i = 0; i < Symbols.Count; i++) vocab[Symbols[i]] = i;
        var merges = new JsonArray();
        foreach (var (left, right) in Merges) merges.Add((JsonNode?)JsonValue.Create($"{left} {right}"));
        var added = new JsonArray();
        foreach (var token in SpecialTokens)
        {
            added.Add((JsonNode)new JsonObject
            {
                ["id"] = SpecialTokenId(token), ["content"] = token, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
            });
        }
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab, ["merges"] = merges,
            },
        };
        var options = new JsonSerializerOptions { WriteIndented = true };
        WriteText(Path.Combine(directory, LlamaCheckpoint.TokenizerFile), tokenizer.ToJsonString(options));
        var config = new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = null,
            ["eos_token"] = eosToken,
            ["pad_token"] = padToken,
            ["add_bos_token"] = false,
            ["model_max_length"] = 1024,
            ["chat_template"] = chatTemplate,
        };
        WriteText(Path.Combine(directory, LlamaCheckpoint.TokenizerConfigFile), config.ToJsonString(options));
    }

    private static void WriteText(string path, string text) => File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n", new UTF8Encoding(false));
}
