using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Tokenization;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Tokenization;

public class TokenizerTests
{
    private static string HandmadeTokenizer(TempDirectory temp, bool pairForm, JsonNode? preTokenizer = null)
    {
        var vocab = new JsonObject();
        string[] symbols = ["h", "e", "l", "o", "Ġ", "he", "ll", "hell", "hello", "w", "r", "d", "1", "2", "3", "4", "5", "12", "123"];
        for (int i = 0; i < symbols.Length; i++) vocab[symbols[i]] = i;
        string[][] merges = [["h", "e"], ["l", "l"], ["he", "ll"], ["hell", "o"], ["1", "2"], ["12", "3"]];
        var mergeNodes = new JsonArray(merges.Select(m => pairForm ? (JsonNode)new JsonArray(m[0], m[1]) : JsonValue.Create($"{m[0]} {m[1]}")!).ToArray());
        var json = new JsonObject
        {
            ["added_tokens"] = new JsonArray(new JsonObject { ["id"] = 19, ["content"] = "<|end|>", ["special"] = true }),
            ["pre_tokenizer"] = preTokenizer ?? new JsonObject { ["type"] = "ByteLevel", ["use_regex"] = true },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = mergeNodes },
        };
        string path = temp.File($"tokenizer-{pairForm}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Known_merges_apply_in_rank_order_for_both_merge_forms(bool pairForm)
    {
        using var temp = new TempDirectory();
        var tokenizer = HuggingFaceTokenizer.Load(HandmadeTokenizer(temp, pairForm));
        Assert.Equal([8], tokenizer.Encode("hello"));
        Assert.Equal([8, 4, 9, 3, 10, 2, 11], tokenizer.Encode("hello world"));
        Assert.Equal([7, 19, 5], tokenizer.Encode("hell<|end|>he"));
        Assert.Equal("hello world", tokenizer.Decode(tokenizer.Encode("hello world")));
        Assert.Equal("hello", tokenizer.Decode(tokenizer.Encode("hello<|end|>"), skipSpecialTokens: true));
    }

    [Fact]
    public void A_split_regex_pre_tokenizer_splits_digits_in_threes()
    {
        using var temp = new TempDirectory();
        var pre = new JsonObject
        {
            ["type"] = "Sequence",
            ["pretokenizers"] = new JsonArray(
                new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = @"\p{N}{1,3}|\p{L}+|\s+" }, ["behavior"] = "Isolated", ["invert"] = false },
                new JsonObject { ["type"] = "ByteLevel", ["use_regex"] = false }),
        };
        var tokenizer = HuggingFaceTokenizer.Load(HandmadeTokenizer(temp, true, pre));
        // "12345" is split as "123" + "45"; without the split the merges would give "123", "4", "5" too,
        // so check a case the split changes: "1234512" → "123", "451", "2" pieces.
        Assert.Equal([18, 15, 16, 12, 13], tokenizer.Encode("1234512"));
    }

    [Fact]
    public void The_random_checkpoint_tokenizer_round_trips_any_text_and_merges_words()
    {
        using var temp = new TempDirectory();
        RandomCheckpoint.WriteTokenizer(temp.Path);
        var tokenizer = LabTokenizer.Load(temp.Path);
        foreach (var text in new[] { "hello world", "héllo wörld 🎉\n  tabs\tand  spaces ", "the end<|im_end|>", "" })
        {
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text), skipSpecialTokens: false));
        }
        var ids = tokenizer.Encode("hello world");
        Assert.Equal(2, ids.Length);
        Assert.Equal(" world", tokenizer.Decode([ids[1]]));
        Assert.Equal(tokenizer.EosId, tokenizer.Encode("<|im_end|>").Single());
    }

    [Theory]
    [InlineData(true, new[] { 0 })]
    [InlineData(false, new[] { 4, 3 })]
    public void Ignore_merges_takes_whole_words_from_the_vocabulary(bool ignoreMerges, int[] expected)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("tokenizer.json"), $$$"""
            {"model": {"type": "BPE", "ignore_merges": {{{(ignoreMerges ? "true" : "false")}}},
                       "vocab": {"hel": 0, "h": 1, "e": 2, "l": 3, "he": 4}, "merges": ["h e"]},
             "pre_tokenizer": {"type": "ByteLevel", "use_regex": true}}
            """);
        Assert.Equal(expected, HuggingFaceTokenizer.Load(temp.File("tokenizer.json")).Encode("hel"));
    }

    [Fact]
    public void An_unsupported_model_type_is_named()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("tokenizer.json"), """{"model": {"type": "Unigram", "vocab": []}}""");
        var error = Assert.Throws<UserInputException>(() => HuggingFaceTokenizer.Load(temp.File("tokenizer.json")));
        Assert.Contains("Unigram", error.Message);
    }
}
