using TorchSharp;
using TorchSharp.Modules;
using Tunewise.Lab.Lora;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Support;

/// <summary>A small Llama-shaped decoder (attention + gated MLP, pre-norm) for trainer and adapter tests.</summary>
internal sealed class TinyCausalLm : nn.Module<Tensor, Tensor>, ILinearLayerHost
{
#pragma warning disable IDE1006
    private readonly Embedding embed_tokens;
    private readonly ModuleList<Block> layers;
    private readonly LayerNorm norm;
    private readonly Linear lm_head;
#pragma warning restore IDE1006

    public TinyCausalLm(int vocabulary, int hidden, int intermediate, int layerCount, int heads, long seed) : base(nameof(TinyCausalLm))
    {
        random.manual_seed(seed);
        embed_tokens = nn.Embedding(vocabulary, hidden);
        layers = new ModuleList<Block>(Enumerable.Range(0, layerCount).Select(_ => new Block(hidden, intermediate, heads)).ToArray());
        norm = nn.LayerNorm(hidden);
        lm_head = nn.Linear(hidden, vocabulary, hasBias: false);
        RegisterComponents();
    }

    public static TinyCausalLm Small(long seed = 7) => new(vocabulary: 32, hidden: 32, intermediate: 64, layerCount: 2, heads: 4, seed);

    public override Tensor forward(Tensor ids)
    {
        var x = embed_tokens.call(ids);
        foreach (var layer in layers) x = layer.call(x);
        return lm_head.call(norm.call(x));
    }

    public IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> LinearLayers()
    {
        for (var i = 0; i < layers.Count; i++)
        {
            foreach (var (name, layer) in layers[i].Projections())
                yield return ($"model.layers.{i}.{name}", layer);
        }
    }

    public void ReplaceLinear(string name, nn.Module<Tensor, Tensor> replacement)
    {
        var parts = name.Split('.');
        layers[int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)].Replace(parts[3] + "." + parts[4], replacement);
    }

    internal sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly int _heads;
        private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _projections = new();
        private readonly LayerNorm _attentionNorm;
        private readonly LayerNorm _mlpNorm;

        public Block(int hidden, int intermediate, int heads) : base(nameof(Block))
        {
            _heads = heads;
            _attentionNorm = nn.LayerNorm(hidden);
            _mlpNorm = nn.LayerNorm(hidden);
            register_module("input_layernorm", _attentionNorm);
            register_module("post_attention_layernorm", _mlpNorm);
            foreach (var name in new[] { "q_proj", "k_proj", "v_proj", "o_proj" })
                _projections["self_attn." + name] = nn.Linear(hidden, hidden, hasBias: false);
            _projections["mlp.gate_proj"] = nn.Linear(hidden, intermediate, hasBias: false);
            _projections["mlp.up_proj"] = nn.Linear(hidden, intermediate, hasBias: false);
            _projections["mlp.down_proj"] = nn.Linear(intermediate, hidden, hasBias: false);
            foreach (var (name, module) in _projections) register_module(name.Replace('.', '_'), module);
        }

        public IEnumerable<(string, nn.Module<Tensor, Tensor>)> Projections() => _projections.Select(p => (p.Key, p.Value));

        public void Replace(string name, nn.Module<Tensor, Tensor> replacement)
        {
            _projections[name] = replacement;
            // TorchSharp refuses to re-register a name; registering null first removes the old module.
            register_module(name.Replace('.', '_'), null!);
            register_module(name.Replace('.', '_'), replacement);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var (batch, time, hidden) = (x.shape[0], x.shape[1], x.shape[2]);
            var h = _attentionNorm.call(x);
            Tensor Heads(Tensor t) => t.view(batch, time, _heads, hidden / _heads).transpose(1, 2);
            var q = Heads(_projections["self_attn.q_proj"].call(h));
            var k = Heads(_projections["self_attn.k_proj"].call(h));
            var v = Heads(_projections["self_attn.v_proj"].call(h));
            var attention = nn.functional.scaled_dot_product_attention(q, k, v, null, 0.0, true);
            x = x + _projections["self_attn.o_proj"].call(attention.transpose(1, 2).reshape(batch, time, hidden));
            var m = _mlpNorm.call(x);
            var gated = nn.functional.silu(_projections["mlp.gate_proj"].call(m)) * _projections["mlp.up_proj"].call(m);
            return (x + _projections["mlp.down_proj"].call(gated)).MoveToOuterDisposeScope();
        }
    }
}
