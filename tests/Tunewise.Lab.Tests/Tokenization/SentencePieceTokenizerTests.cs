using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Testing;

namespace Tunewise.Lab.Tests.Tokenization;

public class SentencePieceTokenizerTests
{
    private static readonly string[] Pieces = ["▁", "h", "e", "l", "o", "w", "r", "d", "▁h", "ll", "▁he", "▁hell", "▁hello", "▁w", "or", "▁wor", "▁world"];
    private static readonly string[] Merges = ["▁ h", "l l", "▁h e", "▁he ll", "▁hell o", "▁ w", "o r", "▁w or", "▁wor l"];

    /// <summary>A small tokenizer.json with Llama 2's structure: ids 0-2 special, 3-258 bytes, then pieces.</summary>
    private static (JsonObject Json, Dictionary<string, int> Ids) LlamaTwoStyle()
    {
        var ids = new Dictionary<string, int> { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (int b = 0; b < 256; b++) ids[$"<0x{b:X2}>"] = 3 + b;
        foreach (var piece in Pieces.Append("▁worl")) ids[piece] = ids.Count;
        var vocab = new JsonObject();
        foreach (var (token, id) in ids) vocab[token] = id;
        var added = new JsonArray(
            ReferenceVectorTests.AddedToken(0, "<unk>", true),
            ReferenceVectorTests.AddedToken(1, "<s>", true),
            ReferenceVectorTests.AddedToken(2, "</s>", true));
        var merges = new JsonArray(Merges.Append("▁worl d").Select(m => (JsonNode)JsonValue.Create(m)).ToArray());
        return (ReferenceVectorTests.LlamaTwoStyle(vocab, merges, added), ids);
    }

    private static string Write(TempDirectory temp, JsonObject json, string name = "tokenizer.json")
    {
        string path = temp.File(name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void Llama2_style_file_merges_by_rank_adds_bos_and_decodes_without_the_prefix_space()
    {
        using var temp = new TempDirectory();
        var (json, ids) = LlamaTwoStyle();
        var tokenizer = HuggingFaceTokenizer.Load(Write(temp, json));

        Assert.Equal([ids["▁hello"], ids["▁world"]], tokenizer.Encode("hello world"));
        Assert.Equal([1, ids["▁hello"], ids["▁world"]], tokenizer.Encode("hello world", addSpecialTokens: true));
        // Two spaces: the second becomes a bare "▁" piece before "▁world".
        Assert.Equal([ids["▁hello"], ids["▁"], ids["▁world"]], tokenizer.Encode("hello  world"));
        Assert.Equal("hello world", tokenizer.Decode(tokenizer.Encode("hello world", addSpecialTokens: true), skipSpecialTokens: true));
        Assert.Equal("hello  world", tokenizer.Decode(tokenizer.Encode("hello  world")));
        Assert.Equal([], tokenizer.Encode(""));
    }

    [Fact]
    public void Characters_outside_the_vocabulary_fall_back_to_utf8_byte_tokens_and_decode_back()
    {
        using var temp = new TempDirectory();
        var (json, ids) = LlamaTwoStyle();
        var tokenizer = HuggingFaceTokenizer.Load(Write(temp, json));

        // é is C3 A9 in UTF-8, the llama emoji F0 9F A6 99.
        Assert.Equal([ids["▁h"], ids["<0xC3>"], ids["<0xA9>"], ids["ll"], ids["o"]], tokenizer.Encode("héllo"));
        Assert.Equal([ids["▁"], ids["<0xF0>"], ids["<0x9F>"], ids["<0xA6>"], ids["<0x99>"]], tokenizer.Encode("🦙"));
        Assert.Equal("héllo 🦙 world", tokenizer.Decode(tokenizer.Encode("héllo 🦙 world")));
        // A lone continuation byte is not UTF-8: one replacement character per byte.
        Assert.Equal("h\uFFFD\uFFFD", tokenizer.Decode([ids["h"], ids["<0xA9>"], ids["<0xA9>"]]));
    }

    [Fact]
    public void Without_byte_fallback_unknown_characters_fuse_into_one_unknown_token()
    {
        using var temp = new TempDirectory();
        var (json, ids) = LlamaTwoStyle();
        json["model"]!["byte_fallback"] = false;
        var tokenizer = HuggingFaceTokenizer.Load(Write(temp, json));
        Assert.Equal([ids["▁h"], 0, ids["o"]], tokenizer.Encode("hééo"));
    }

    [Fact]
    public void Special_token_text_becomes_its_id_and_each_stretch_around_it_gets_the_prefix_as_in_legacy_llama()
    {
        using var temp = new TempDirectory();
        var (json, ids) = LlamaTwoStyle();
        var tokenizer = HuggingFaceTokenizer.Load(Write(temp, json));
        Assert.Equal([1, ids["▁hello"], 2], tokenizer.Encode("<s>hello</s>"));
        Assert.Equal("<s> hello</s>", tokenizer.Decode([1, ids["▁hello"], 2]));
        Assert.Equal("hello", tokenizer.Decode([1, ids["▁hello"], 2], skipSpecialTokens: true));
    }

    [Fact]
    public void The_metaspace_form_encodes_like_the_normalizer_form_and_prepends_only_at_the_start()
    {
        using var temp = new TempDirectory();
        var (json, ids) = LlamaTwoStyle();
        json["normalizer"] = null;
        json["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "first", ["split"] = false };
        json["decoder"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "first", ["split"] = false };
        var tokenizer = HuggingFaceTokenizer.Load(Write(temp, json));
        Assert.Equal([ids["▁hello"], ids["▁world"]], tokenizer.Encode("hello world"));
        Assert.Equal([1, ids["h"], ids["e"], ids["ll"], ids["o"]], tokenizer.Encode("<s>hello"));
        Assert.Equal("hello world", tokenizer.Decode(tokenizer.Encode("hello world")));
    }

    [Theory]
    [InlineData("normalizer", """{"type": "Sequence", "normalizers": [{"type": "Precompiled", "precompiled_charsmap": ""}]}""", "normalizer.normalizers[0].type", "Precompiled", "Prepend")]
    [InlineData("pre_tokenizer", """{"type": "Whitespace"}""", "pre_tokenizer.type", "Whitespace", "Metaspace")]
    [InlineData("decoder", """{"type": "Sequence", "decoders": [{"type": "WordPiece", "prefix": "##"}]}""", "decoder.decoders[0].type", "WordPiece", "ByteFallback")]
    [InlineData("post_processor", """{"type": "RobertaProcessing2"}""", "post_processor.type", "RobertaProcessing2", "TemplateProcessing")]
    [InlineData("model", """{"type": "Unigram", "vocab": []}""", "model.type", "Unigram", "BPE")]
    public void An_unsupported_component_names_the_file_the_json_path_and_the_supported_kinds(string field, string value, string jsonPath, string kind, string supported)
    {
        using var temp = new TempDirectory();
        var (json, _) = LlamaTwoStyle();
        json[field] = JsonNode.Parse(value);
        string path = Write(temp, json);
        var error = Assert.Throws<UserInputException>(() => HuggingFaceTokenizer.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(jsonPath, error.Message);
        Assert.Contains($"'{kind}'", error.Message);
        Assert.Contains(supported, error.Message);
    }

    [Fact]
    public void A_llama_tokenizer_config_decides_bos_as_transformers_does()
    {
        using var temp = new TempDirectory();
        RandomCheckpoint.WriteSentencePieceTokenizer(temp.Path);
        var tokenizer = LabTokenizer.Load(temp.Path);
        Assert.True(tokenizer.AddBosToken);
        Assert.Equal(1, tokenizer.Encode("hello", addSpecialTokens: true)[0]);
        Assert.DoesNotContain(1, tokenizer.Encode("hello"));

        var config = JsonNode.Parse(File.ReadAllText(temp.File("tokenizer_config.json")))!;
        config["add_bos_token"] = false;
        config["add_eos_token"] = true;
        File.WriteAllText(temp.File("tokenizer_config.json"), config.ToJsonString());
        var noBos = LabTokenizer.Load(temp.Path);
        Assert.False(noBos.AddBosToken);
        Assert.Equal([.. noBos.Encode("hello"), 2], noBos.Encode("hello", addSpecialTokens: true));
    }

    [Fact]
    public void A_sentencepiece_checkpoint_loads_renders_its_template_and_generates()
    {
        using var temp = new TempDirectory();
        var config = RandomCheckpoint.Write(temp.Path, layers: 1, hiddenSize: 32, seed: 2, sentencePiece: true);
        var tokenizer = LabTokenizer.Load(temp.Path);
        Assert.Equal(config.VocabSize, tokenizer.VocabSize);
        Assert.Equal(1, tokenizer.BosId);
        Assert.Equal(2, tokenizer.EosId);
        foreach (var text in new[] { "hello world", "héllo wörld 🎉\n  tabs\tand  spaces ", "yes and no" })
        {
            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
        var prompt = tokenizer.Encode(tokenizer.FormatChat([new ChatMessageText("user", "hello")]));
        Assert.Equal(1, prompt[0]);
        Assert.Single(prompt, id => id == 1);

        using var model = LlamaModel.Load(temp.Path);
        var result = new TextGenerator(model, tokenizer).Generate(prompt, new GenerationOptions { MaxNewTokens = 5 });
        Assert.InRange(result.Tokens.Count, 1, 5);
        Assert.Equal(tokenizer.Decode(result.Tokens), result.Text);
    }
}
