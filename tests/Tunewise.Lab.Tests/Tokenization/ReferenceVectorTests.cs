using System.Text.Json.Nodes;
using Tunewise.Lab.Tokenization;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Tokenization;

/// <summary>
/// Real vocabularies against llama.cpp's own reference encodings (see Vectors/README.md). Each GGUF
/// vocabulary is written out as the <c>tokenizer.json</c> Hugging Face uses for that model family, and
/// that file is loaded the way a checkpoint's tokenizer is, so the encodings test the file format too.
/// </summary>
public class ReferenceVectorTests
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    [Fact]
    public void Gpt2_byte_level_bpe_encodes_every_reference_input_as_llama_cpp_does()
    {
        var vocabulary = GgufVocabulary.Read(VectorFile("ggml-vocab-gpt-2.gguf"));
        Assert.Equal("gpt2", vocabulary.Model);
        using var temp = new TempDirectory();
        var tokenizer = HuggingFaceTokenizer.Load(WriteByteLevelTokenizer(vocabulary, temp.File("tokenizer.json")));
        AssertEncodesAll(tokenizer, "ggml-vocab-gpt-2.gguf", roundTrips: true);
    }

    [Fact]
    public void Phi3_sentencepiece_bpe_with_byte_fallback_encodes_every_reference_input_as_llama_cpp_does()
    {
        var vocabulary = GgufVocabulary.Read(VectorFile("ggml-vocab-phi-3.gguf"));
        Assert.Equal("llama", vocabulary.Model);
        using var temp = new TempDirectory();
        var tokenizer = HuggingFaceTokenizer.Load(WriteSentencePieceTokenizer(vocabulary, temp.File("tokenizer.json")));
        // SentencePiece's decoder strips the one leading space the normalizer added, so text that
        // itself starts with a space does not come back byte for byte; ids are what is compared.
        AssertEncodesAll(tokenizer, "ggml-vocab-phi-3.gguf", roundTrips: false);
    }

    [Fact]
    public void Phi3_decodes_byte_fallback_tokens_back_to_the_characters()
    {
        var vocabulary = GgufVocabulary.Read(VectorFile("ggml-vocab-phi-3.gguf"));
        using var temp = new TempDirectory();
        var tokenizer = HuggingFaceTokenizer.Load(WriteSentencePieceTokenizer(vocabulary, temp.File("tokenizer.json")));
        string text = "Hello 🦙 world ｡ 🚀";
        var ids = tokenizer.Encode(text);
        Assert.Contains(ids, id => tokenizer.IdToToken(id).StartsWith("<0x", StringComparison.Ordinal));
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    internal static string VectorFile(string name)
    {
        string path = Repository.Path("tests", "Tunewise.Lab.Tests", "Tokenization", "Vectors", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"The tokenizer test vector '{path}' is missing from the repository.", path);
    }

    private static void AssertEncodesAll(HuggingFaceTokenizer tokenizer, string vectors, bool roundTrips)
    {
        string inputs = File.ReadAllText(VectorFile(vectors + ".inp"));
        var outputs = File.ReadAllLines(VectorFile(vectors + ".out"));
        var cases = new List<string>();
        for (int start = 0, at; (at = inputs.IndexOf(Separator, start, StringComparison.Ordinal)) >= 0; start = at + Separator.Length)
        {
            cases.Add(inputs[start..at]);
        }
        Assert.Equal(outputs.Length, cases.Count);
        Assert.True(cases.Count >= 40, $"only {cases.Count} cases were read from {vectors}.inp");
        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            int[] expected = outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            int[] actual = tokenizer.Encode(cases[i]);
            if (!expected.SequenceEqual(actual))
            {
                failures.Add($"#{i} {JsonValue.Create(cases[i])!.ToJsonString()}: expected [{string.Join(' ', expected)}], got [{string.Join(' ', actual)}]");
            }
            else if (roundTrips && tokenizer.Decode(actual) != cases[i])
            {
                failures.Add($"#{i} {JsonValue.Create(cases[i])!.ToJsonString()}: decodes as {JsonValue.Create(tokenizer.Decode(actual))!.ToJsonString()}");
            }
        }
        Assert.True(failures.Count == 0, $"{cases.Count - failures.Count}/{cases.Count} match llama.cpp:\n{string.Join("\n", failures)}");
    }

    /// <summary>GPT-2's tokenizer.json: byte-level pre-tokenizer and decoder, the GGUF's merges in order.</summary>
    internal static string WriteByteLevelTokenizer(GgufVocabulary vocabulary, string path)
    {
        var tokens = vocabulary.Tokens;
        var types = vocabulary.TokenTypes;
        var vocab = new JsonObject();
        var added = new JsonArray();
        for (int id = 0; id < tokens.Count; id++)
        {
            vocab[tokens[id]] = id;
            if (types[id] == GgufVocabulary.ControlToken) added.Add(AddedToken(id, tokens[id], special: true));
        }
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["post_processor"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = vocab,
                ["merges"] = new JsonArray(vocabulary.Merges.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            },
        };
        File.WriteAllText(path, tokenizer.ToJsonString());
        return path;
    }

    /// <summary>
    /// A Llama-2-style tokenizer.json for a SentencePiece vocabulary. The GGUF has scores, not merges;
    /// the merges are derived as transformers' SentencePiece converter derives them: every split of a
    /// piece into two pieces of the vocabulary, ranked by the piece's score, highest first.
    /// </summary>
    internal static string WriteSentencePieceTokenizer(GgufVocabulary vocabulary, string path)
    {
        var tokens = vocabulary.Tokens;
        var types = vocabulary.TokenTypes;
        var scores = vocabulary.Scores;
        var vocab = new JsonObject();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = new JsonArray();
        for (int id = 0; id < tokens.Count; id++)
        {
            if (types[id] is GgufVocabulary.UserDefinedToken)
            {
                added.Add(AddedToken(id, tokens[id], special: false));
                continue;
            }
            vocab[tokens[id]] = id;
            ids[tokens[id]] = id;
            if (types[id] is GgufVocabulary.ControlToken or GgufVocabulary.UnknownToken) added.Add(AddedToken(id, tokens[id], special: true));
        }
        var merges = ids.Keys
            .Select(piece => (Piece: piece, Splits: Enumerable.Range(1, Math.Max(0, piece.Length - 1))
                .Where(i => !char.IsLowSurrogate(piece[i]))
                .Select(i => (Left: piece[..i], Right: piece[i..]))
                .Where(s => ids.ContainsKey(s.Left) && ids.ContainsKey(s.Right))
                .OrderBy(s => ids[s.Left]).ThenBy(s => ids[s.Right])))
            .OrderByDescending(p => scores[ids[p.Piece]])
            .SelectMany(p => p.Splits)
            .Select(s => (JsonNode)JsonValue.Create($"{s.Left} {s.Right}"))
            .ToArray();
        var tokenizer = LlamaTwoStyle(vocab, new JsonArray(merges), added);
        File.WriteAllText(path, tokenizer.ToJsonString());
        return path;
    }

    /// <summary>The structure of Llama 2's, Mistral's, TinyLlama's and Phi-3's tokenizer.json around a vocabulary.</summary>
    internal static JsonObject LlamaTwoStyle(JsonObject vocab, JsonArray merges, JsonArray added) => new()
    {
        ["version"] = "1.0",
        ["truncation"] = null,
        ["padding"] = null,
        ["added_tokens"] = added,
        ["normalizer"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["normalizers"] = new JsonArray(
                new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = " " }, ["content"] = "▁" }),
        },
        ["pre_tokenizer"] = null,
        ["post_processor"] = new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
            ["pair"] = new JsonArray(
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 1 } },
                new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } }),
            ["special_tokens"] = new JsonObject
            {
                ["<s>"] = new JsonObject { ["id"] = "<s>", ["ids"] = new JsonArray(1), ["tokens"] = new JsonArray("<s>") },
            },
        },
        ["decoder"] = new JsonObject
        {
            ["type"] = "Sequence",
            ["decoders"] = new JsonArray(
                new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["String"] = "▁" }, ["content"] = " " },
                new JsonObject { ["type"] = "ByteFallback" },
                new JsonObject { ["type"] = "Fuse" },
                new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
        },
        ["model"] = new JsonObject
        {
            ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = "<unk>", ["continuing_subword_prefix"] = null, ["end_of_word_suffix"] = null,
            ["fuse_unk"] = true, ["byte_fallback"] = true, ["ignore_merges"] = false, ["vocab"] = vocab, ["merges"] = merges,
        },
    };

    internal static JsonObject AddedToken(int id, string content, bool special) => new()
    {
        ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
        ["normalized"] = false, ["special"] = special,
    };
}
