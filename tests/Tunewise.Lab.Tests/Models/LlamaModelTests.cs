using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Models;

public class LlamaModelTests
{
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
