using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Models;

public class LlamaModelTests
{
    [Fact]
    public void Last_position_logits_of_a_prefill_match_the_full_forward_pass()
    {
        using var model = TinyModels.Create();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var ids = tensor(Enumerable.Range(3, 40).Select(i => (long)i).ToArray(), [2, 20]);

        var full = model.Forward(ids);
        var last = model.Forward(ids, lastPositionOnly: true);

        Assert.Equal([2L, 1L, 300L], last.shape);
        Assert.True(full.narrow(1, 19, 1).allclose(last, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Parameter_names_are_the_hugging_face_checkpoint_keys()
    {
        using var model = TinyModels.Create();
        var names = model.state_dict().Keys.ToHashSet();
        Assert.Contains("model.embed_tokens.weight", names);
        Assert.Contains("model.layers.1.self_attn.q_proj.weight", names);
        Assert.Contains("model.layers.0.self_attn.k_proj.weight", names);
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", names);
        Assert.Contains("model.layers.0.input_layernorm.weight", names);
        Assert.Contains("model.layers.0.post_attention_layernorm.weight", names);
        Assert.Contains("model.norm.weight", names);
        Assert.Contains("lm_head.weight", names);
        Assert.Equal(2 + 2 * 9 + 1, names.Count);
        Assert.Equal([16, 32], model.state_dict()["model.layers.0.self_attn.k_proj.weight"].shape);
    }

    [Fact]
    public void Tied_models_have_no_lm_head_and_use_the_embedding_as_output()
    {
        using var model = TinyModels.Create(tied: true);
        Assert.DoesNotContain("lm_head.weight", model.state_dict().Keys);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = tensor(new long[] { 5, 6, 7 }, [1, 3]);
        var logits = model.call(ids);
        Assert.Equal([1, 3, 300], logits.shape);
    }

    [Fact]
    public void Linear_layers_can_be_enumerated_and_replaced_by_name()
    {
        using var model = TinyModels.Create();
        var layers = model.LinearLayers().ToList();
        Assert.Equal(2 * 7, layers.Count);
        Assert.Contains(layers, l => l.Name == "model.layers.1.mlp.down_proj");

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = tensor(new long[] { 5, 6, 7 }, [1, 3]);
        var before = model.call(ids);
        var original = layers.Single(l => l.Name == "model.layers.0.self_attn.q_proj").Module;
        var doubled = new Scaled(original, 2.0);
        model.ReplaceLinear("model.layers.0.self_attn.q_proj", doubled);
        Assert.Same(doubled, model.LinearLayers().Single(l => l.Name == "model.layers.0.self_attn.q_proj").Module);
        Assert.Contains("model.layers.0.self_attn.q_proj.inner.weight", model.state_dict().Keys);
        Assert.DoesNotContain("model.layers.0.self_attn.q_proj.weight", model.state_dict().Keys);
        var after = model.call(ids);
        Assert.False(before.allclose(after));
        Assert.Throws<ArgumentException>(() => model.ReplaceLinear("model.layers.9.self_attn.q_proj", doubled));
        Assert.Throws<ArgumentException>(() => model.ReplaceLinear("model.norm", doubled));
    }

    [Fact]
    public void A_bfloat16_copy_gives_nearly_the_same_logits_as_float32()
    {
        using var model = TinyModels.Create(seed: 4);
        using var half = new LlamaModel(TinyModels.Config(), ScalarType.BFloat16);
        using (no_grad())
        {
            var source = model.state_dict();
            foreach (var (name, parameter) in half.state_dict()) parameter.copy_(source[name]);
        }
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = tensor(new long[] { 5, 6, 7, 8, 9 }, [1, 5]);
        var exact = model.call(ids);
        var approximate = half.call(ids).to_type(ScalarType.Float32);
        Assert.Equal(ScalarType.BFloat16, half.DType);
        Assert.True((exact - approximate).abs().max().item<float>() < 0.05f);
    }

    [Fact]
    public void Config_reads_llama3_rope_scaling_and_eos_lists_and_writes_them_back()
    {
        var json = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""
            {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "num_key_value_heads": 2, "vocab_size": 300, "rope_theta": 500000.0, "tie_word_embeddings": true,
             "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                              "original_max_position_embeddings": 8192},
             "eos_token_id": [128001, 128008], "bos_token_id": 128000, "torch_dtype": "bfloat16"}
            """)!;
        var config = LlamaConfig.FromJson(json, "config.json");
        Assert.Equal(new RopeScaling("llama3", 32.0, 1.0, 4.0, 8192), config.RopeScaling);
        Assert.Equal([128001, 128008], config.EosTokenIds);
        Assert.Equal(16, config.HeadDim);
        Assert.Equal(config.ToJson().ToJsonString(), LlamaConfig.FromJson(config.ToJson(), "written").ToJson().ToJsonString());
        // llama3 scaling leaves high frequencies alone and divides the lowest by the factor.
        var plain = RotaryEmbedding.InverseFrequencies(config with { RopeScaling = null });
        var scaled = RotaryEmbedding.InverseFrequencies(config);
        Assert.Equal(plain[0], scaled[0]);
        Assert.Equal(plain[^1] / 32.0, scaled[^1], 1e-9);
    }

    private sealed class Scaled : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;
        private readonly double _factor;

        public Scaled(nn.Module<Tensor, Tensor> wrapped, double factor) : base(nameof(Scaled))
        {
            inner = wrapped;
            _factor = factor;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => inner.call(input) * _factor;
    }
}
