using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Testing;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Models;

/// <summary>
/// Checkpoints of every supported family, written with random weights in the Hugging Face layout, load into the
/// engine, and the engine's greedy decoding (prefill and KV cache) matches <see cref="HuggingFaceReference"/>,
/// an independent reading of the files with transformers' semantics, token for token.
/// </summary>
public class FamilyEquivalenceTests
{
    public sealed record Layout(string Name, string Family, bool Tied, int Hidden, int Heads, int KvHeads, string DType, bool Sharded, int? Window);

    public static TheoryData<string> Layouts => new(Cases.Keys);

    private static readonly Dictionary<string, Layout> Cases = new[]
    {
        // Llama 3.x / TinyLlama shape: grouped-query attention, an untied output matrix.
        new Layout("llama-gqa", "llama", Tied: false, Hidden: 64, Heads: 4, KvHeads: 2, "F32", Sharded: false, Window: null),
        // SmolLM2 shape: three heads sharing one key/value head, tied embeddings.
        new Layout("smollm2-tied", "llama", Tied: true, Hidden: 48, Heads: 3, KvHeads: 1, "F32", Sharded: false, Window: null),
        // Qwen2.5 shape: q/k/v biases, rope_theta 1e6, tied embeddings.
        new Layout("qwen2-tied", "qwen2", Tied: true, Hidden: 64, Heads: 4, KvHeads: 2, "F32", Sharded: false, Window: null),
        // Qwen2 7B-style: untied, bf16, sharded with an index.
        new Layout("qwen2-bf16-sharded", "qwen2", Tied: false, Hidden: 64, Heads: 4, KvHeads: 1, "BF16", Sharded: true, Window: null),
        // Mistral: a window longer than prompt and answer (plain causal attention) ...
        new Layout("mistral-within-window", "mistral", Tied: false, Hidden: 64, Heads: 4, KvHeads: 2, "F32", Sharded: false, Window: 4096),
        // ... and a window of 8 tokens, which the 6-token prompt and 20 new tokens pass well beyond (KV cache path).
        new Layout("mistral-beyond-window", "mistral", Tied: false, Hidden: 64, Heads: 4, KvHeads: 2, "F16", Sharded: true, Window: 8),
        // Gemma shape: scaled embeddings, (1 + w) norms, GeGLU, tied; one key/value head as Gemma 2B has.
        new Layout("gemma-tied", "gemma", Tied: true, Hidden: 64, Heads: 4, KvHeads: 1, "BF16", Sharded: false, Window: null),
        // Phi-3 mini shape: fused qkv_proj and gate_up_proj on disk, as many key/value heads as query heads, untied, bf16 ...
        new Layout("phi3-mha", "phi3", Tied: false, Hidden: 64, Heads: 4, KvHeads: 4, "BF16", Sharded: false, Window: 2047),
        // ... and grouped key/value heads (uneven q/k/v rows in the fused tensor), sharded, with a window of 8 tokens.
        new Layout("phi3-gqa-window", "phi3", Tied: false, Hidden: 64, Heads: 4, KvHeads: 2, "F32", Sharded: true, Window: 8),
    }.ToDictionary(c => c.Name);

    internal static Layout LayoutNamed(string name) => Cases[name];

    private static readonly int[] PromptTokens = [1, 17, 250, 3, 99, 42];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Greedy_decoding_matches_the_independent_reference_token_for_token(string name)
    {
        var layout = Cases[name];
        using var temp = new TempDirectory();
        WriteCheckpoint(temp.Path, layout);
        var reference = new HuggingFaceReference(temp.Path);
        Assert.Equal(layout.Family, reference.ModelType);
        Assert.Equal(layout.Sharded, File.Exists(temp.File("model.safetensors.index.json")));
        Assert.Equal(layout.Tied, !reference.TensorNames.Contains("lm_head.weight"));
        Assert.Equal(layout.Family == "phi3", reference.TensorNames.Contains("model.layers.0.self_attn.qkv_proj.weight"));
        Assert.Equal(layout.Family == "phi3", !reference.TensorNames.Contains("model.layers.0.mlp.up_proj.weight"));

        using var model = LlamaModel.Load(temp.Path);
        Assert.Equal(layout.Family, model.Config.ModelType);
        var generator = new TextGenerator(model, LabTokenizer.Load(temp.Path));
        const int newTokens = 20;
        var engine = generator.Generate(PromptTokens, new GenerationOptions { MaxNewTokens = newTokens, StopAtEos = false }).Tokens;
        var expected = reference.Greedy(PromptTokens, newTokens);
        Assert.Equal(expected, engine);

        // Logits over the whole generated sequence, in one pass without a cache.
        var sequence = PromptTokens.Concat(expected).ToArray();
        var referenceLogits = reference.Logits(sequence);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.call(tensor(sequence.Select(t => (long)t).ToArray(), [1, sequence.Length])).data<float>().ToArray();
        int vocab = model.Config.VocabSize;
        double worst = 0, spread = 0;
        for (int t = 0; t < sequence.Length; t++)
        {
            spread = Math.Max(spread, referenceLogits[t].Max() - referenceLogits[t].Min());
            for (int v = 0; v < vocab; v++) worst = Math.Max(worst, Math.Abs(referenceLogits[t][v] - logits[t * vocab + v]));
        }
        Assert.True(spread > 1.0, $"logits spread {spread}: too flat for the comparison to mean anything");
        Assert.True(worst < 2e-3, $"largest logit difference {worst}");
    }

    [Fact]
    public void A_left_padded_batch_beyond_the_sliding_window_generates_what_each_prompt_generates_alone()
    {
        using var temp = new TempDirectory();
        WriteCheckpoint(temp.Path, Cases["mistral-beyond-window"]);
        var reference = new HuggingFaceReference(temp.Path);
        using var model = LlamaModel.Load(temp.Path);
        var generator = new TextGenerator(model, LabTokenizer.Load(temp.Path)) { PrefillChunkTokens = 5 };
        IReadOnlyList<int>[] prompts = [PromptTokens, [5, 6], [9, 8, 7, 6, 5, 4, 3, 2, 1, 200, 100]];
        var options = new GenerationOptions { MaxNewTokens = 12, StopAtEos = false };
        var batched = generator.GenerateBatch(prompts, options);
        for (int i = 0; i < prompts.Length; i++) Assert.Equal(reference.Greedy(prompts[i], 12), batched[i].Tokens);
    }

    [Fact]
    public void A_phi3_checkpoint_whose_fused_tensor_does_not_fit_the_config_is_refused_naming_the_tensor()
    {
        using var temp = new TempDirectory();
        WriteCheckpoint(temp.Path, Cases["phi3-mha"]);
        var config = JsonNode.Parse(File.ReadAllText(temp.File("config.json")))!.AsObject();
        config["num_key_value_heads"] = 2; // the stored qkv_proj has rows for 4 key/value heads
        File.WriteAllText(temp.File("config.json"), config.ToJsonString());
        var error = Assert.Throws<UserInputException>(() => LlamaModel.Load(temp.Path));
        Assert.Contains("'model.layers.0.self_attn.qkv_proj.weight' has shape [192, 64], the config implies [128, 64]", error.Message);
    }

    [Fact]
    public void A_mistral_checkpoint_loads_at_bf16_when_asked()
    {
        using var temp = new TempDirectory();
        WriteCheckpoint(temp.Path, Cases["mistral-beyond-window"]);
        using var model = LlamaModel.Load(temp.Path, ScalarType.BFloat16);
        Assert.Equal(ScalarType.BFloat16, model.DType);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
    }

    /// <summary>
    /// A random checkpoint of the layout, its weights scaled up (a 0.02 initialisation gives nearly flat logits,
    /// where greedy choices hinge on rounding), saved again in the layout's dtype and sharding.
    /// </summary>
    internal static void WriteCheckpoint(string directory, Layout layout)
    {
        SafeTensorsDType.TryParse(layout.DType, out var dtype, out _);
        RandomCheckpoint.Write(directory, layers: 2, hiddenSize: layout.Hidden, heads: layout.Heads, kvHeads: layout.KvHeads, seed: 13,
            tied: layout.Tied, family: layout.Family, slidingWindow: layout.Window);
        using var model = LlamaModel.Load(directory);
        using (no_grad())
        {
            manual_seed(17);
            foreach (var (name, parameter) in model.named_parameters())
            {
                if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.add_(randn(parameter.shape) * 0.2);
                else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.mul_(40.0);
                else parameter.mul_(6.0);
            }
        }
        model.Save(directory, dtype, layout.Sharded ? 40_000 : null);
    }

    [Fact]
    public void Hugging_face_configs_of_smollm2_tinyllama_qwen2_5_mistral_gemma_and_phi3_load_with_their_fields()
    {
        using var temp = new TempDirectory();
        // Field sets as these models ship them (sizes shrunk; every other field as in the published config.json).
        var smol = Load(temp, """
            {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 0, "eos_token_id": 0,
             "hidden_act": "silu", "hidden_size": 48, "initializer_range": 0.041666666666666664, "intermediate_size": 128,
             "is_llama_config": true, "max_position_embeddings": 8192, "mlp_bias": false, "model_type": "llama", "num_attention_heads": 3,
             "num_hidden_layers": 2, "num_key_value_heads": 1, "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_interleaved": false,
             "rope_scaling": null, "rope_theta": 100000, "tie_word_embeddings": true, "torch_dtype": "bfloat16", "transformers_version": "4.42.3",
             "use_cache": true, "vocab_size": 300}
            """);
        Assert.True(smol.TieWordEmbeddings);
        Assert.Equal(100000, smol.RopeTheta);
        Assert.Equal(16, smol.HeadDim);
        Assert.Equal([0], smol.EosTokenIds);
        var tiny = Load(temp, """
            {"architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 64,
             "initializer_range": 0.02, "intermediate_size": 176, "max_position_embeddings": 2048, "model_type": "llama",
             "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 1, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
             "rope_scaling": null, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.35.0",
             "use_cache": true, "vocab_size": 300}
            """);
        Assert.False(tiny.TieWordEmbeddings);
        Assert.Equal(1, tiny.NumKeyValueHeads);
        Assert.Equal(10000, tiny.RopeTheta);
        var qwen = Load(temp, """
            {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151645,
             "hidden_act": "silu", "hidden_size": 64, "initializer_range": 0.02, "intermediate_size": 128, "max_position_embeddings": 32768,
             "max_window_layers": 21, "model_type": "qwen2", "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2,
             "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
             "transformers_version": "4.43.1", "use_cache": true, "use_sliding_window": false, "vocab_size": 300}
            """);
        Assert.True(qwen.QkvBias);
        Assert.False(qwen.OutputProjectionBias);
        Assert.Null(qwen.SlidingWindow);
        Assert.Equal(1_000_000, qwen.RopeTheta);
        var mistral = Load(temp, """
            {"architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 64,
             "initializer_range": 0.02, "intermediate_size": 128, "max_position_embeddings": 32768, "model_type": "mistral",
             "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
             "sliding_window": 4096, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.34.0.dev0",
             "use_cache": true, "vocab_size": 300}
            """);
        Assert.Equal(4096, mistral.SlidingWindow);
        Assert.False(mistral.QkvBias);
        var mistralV3 = Load(temp, """
            {"architectures": ["MistralForCausalLM"], "hidden_size": 64, "intermediate_size": 128, "model_type": "mistral", "head_dim": 16,
             "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2, "sliding_window": null, "vocab_size": 300}
            """);
        Assert.Null(mistralV3.SlidingWindow);

        var gemma = Load(temp, """
            {"architectures": ["GemmaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 2, "eos_token_id": 1,
             "head_dim": 32, "hidden_act": "gelu", "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 64, "initializer_range": 0.02,
             "intermediate_size": 128, "max_position_embeddings": 8192, "model_type": "gemma", "num_attention_heads": 2, "num_hidden_layers": 2,
             "num_key_value_heads": 1, "pad_token_id": 0, "rms_norm_eps": 1e-06, "rope_scaling": null, "rope_theta": 10000.0,
             "torch_dtype": "bfloat16", "transformers_version": "4.38.0.dev0", "use_cache": true, "vocab_size": 300}
            """);
        Assert.True(gemma.IsGemma);
        Assert.True(gemma.TieWordEmbeddings);
        Assert.Equal(32, gemma.HeadDim);

        var phi3 = Load(temp, """
            {"_name_or_path": "Phi-3-mini-4k-instruct", "architectures": ["Phi3ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
             "auto_map": {"AutoConfig": "configuration_phi3.Phi3Config", "AutoModelForCausalLM": "modeling_phi3.Phi3ForCausalLM"},
             "bos_token_id": 1, "embd_pdrop": 0.0, "eos_token_id": 32000, "hidden_act": "silu", "hidden_size": 64, "initializer_range": 0.02,
             "intermediate_size": 128, "max_position_embeddings": 4096, "model_type": "phi3", "num_attention_heads": 4, "num_hidden_layers": 2,
             "num_key_value_heads": 4, "original_max_position_embeddings": 4096, "pad_token_id": 32000, "resid_pdrop": 0.0, "rms_norm_eps": 1e-05,
             "rope_scaling": null, "rope_theta": 10000.0, "sliding_window": 2047, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
             "transformers_version": "4.40.2", "use_cache": true, "vocab_size": 300}
            """);
        Assert.True(phi3.HasFusedProjections);
        Assert.Equal(2047, phi3.SlidingWindow);
        Assert.False(phi3.TieWordEmbeddings || phi3.QkvBias || phi3.MlpBias);
        Assert.Equal([32000], phi3.EosTokenIds);

        // What each config describes is what the engine builds: the round trip through config.json keeps it.
        foreach (var config in new[] { smol, tiny, qwen, mistral, mistralV3, gemma, phi3 })
        {
            config.Save(temp.File("again.json"));
            var again = LlamaConfig.Load(temp.File("again.json"));
            Assert.Equal(config.HeadDim, again.HeadDim);
            Assert.Equal(config.EosTokenIds, again.EosTokenIds);
            Assert.Equal(config, again with { EosTokenIds = config.EosTokenIds, HeadDimOverride = config.HeadDimOverride });
        }
    }

    [Theory]
    [InlineData("""{"model_type": "gemma2", "architectures": ["Gemma2ForCausalLM"]}""", "'model_type' is \"gemma2\"")]
    [InlineData("""{"model_type": "gemma", "hidden_activation": "gelu"}""", "'hidden_activation'")]
    [InlineData("""{"architectures": ["PhiForCausalLM"]}""", "'architectures' names \"PhiForCausalLM\"")]
    [InlineData("""{"model_type": "phi3", "partial_rotary_factor": 0.75}""", "'partial_rotary_factor' is 0.75")]
    [InlineData("""{"model_type": "phi3", "attention_bias": true}""", "'attention_bias' is true")]
    [InlineData("""{"model_type": "phi3", "rope_scaling": {"type": "longrope", "long_factor": [1.0], "short_factor": [1.0]}}""", "'rope_scaling.rope_type' is \"longrope\"")]
    [InlineData("""{"model_type": "llama", "architectures": ["Qwen2ForCausalLM"]}""", "'model_type' is \"llama\"")]
    [InlineData("""{"model_type": "llama", "hidden_act": "gelu"}""", "'hidden_act'")]
    [InlineData("""{"model_type": "qwen2", "use_sliding_window": true}""", "'use_sliding_window'")]
    public void An_unsupported_architecture_is_refused_naming_the_file_the_field_and_the_supported_ones(string fields, string expected)
    {
        using var temp = new TempDirectory();
        var json = JsonNode.Parse(fields)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse("""
            {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 300}
            """)!.AsObject()) json[key] = value?.DeepClone();
        File.WriteAllText(temp.File("config.json"), json.ToJsonString());
        var error = Assert.Throws<UserInputException>(() => LlamaConfig.Load(temp.File("config.json")));
        Assert.Contains("config.json", error.Message);
        Assert.Contains(expected, error.Message);
        if (expected.Contains("gemma2", StringComparison.Ordinal) || expected.Contains("PhiForCausalLM", StringComparison.Ordinal))
            Assert.Contains("\"qwen2\" (Qwen2ForCausalLM)", error.Message);
    }

    private static LlamaConfig Load(TempDirectory temp, string json)
    {
        File.WriteAllText(temp.File("config.json"), json);
        return LlamaConfig.Load(temp.File("config.json"));
    }
}
