using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>
/// Grouped-query self-attention: query head i reads key/value head i / (heads / kv_heads).
/// Projections are swappable (LoRA, NF4); q/k/v (Qwen2) and o may carry biases.
/// </summary>
internal sealed class LlamaAttention : nn.Module
{
    internal static readonly string[] ProjectionNames = ["q_proj", "k_proj", "v_proj", "o_proj"];

    private nn.Module<Tensor, Tensor> q_proj;
    private nn.Module<Tensor, Tensor> k_proj;
    private nn.Module<Tensor, Tensor> v_proj;
    private nn.Module<Tensor, Tensor> o_proj;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;

    public LlamaAttention(LlamaConfig config, ScalarType dtype) : base(nameof(LlamaAttention))
    {
        _heads = config.NumAttentionHeads;
        _kvHeads = config.NumKeyValueHeads;
        _headDim = config.HeadDim;
        q_proj = nn.Linear(config.HiddenSize, _heads * _headDim, hasBias: config.QkvBias, dtype: dtype);
        k_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, hasBias: config.QkvBias, dtype: dtype);
        v_proj = nn.Linear(config.HiddenSize, _kvHeads * _headDim, hasBias: config.QkvBias, dtype: dtype);
        o_proj = nn.Linear(_heads * _headDim, config.HiddenSize, hasBias: config.OutputProjectionBias, dtype: dtype);
        RegisterComponents();
    }

    /// <param name="mask">Boolean [batch, 1, length, keys], true where attention is allowed; null means plain causal.</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache.Layer? cache)
    {
        long batch = x.shape[0], length = x.shape[1];
        var q = q_proj.call(x).view(batch, length, _heads, _headDim).transpose(1, 2);
        var k = k_proj.call(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        var v = v_proj.call(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null) (k, v) = cache.Append(k, v);
        if (_kvHeads != _heads)
        {
            k = k.repeat_interleave(_heads / _kvHeads, dim: 1);
            v = v.repeat_interleave(_heads / _kvHeads, dim: 1);
        }
        // TorchSharp spells the causal flag "is_casual"; it is passed by position.
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.0, mask is null && length > 1);
        return o_proj.call(attended.transpose(1, 2).reshape(batch, length, _heads * _headDim));
    }

    internal nn.Module<Tensor, Tensor> Projection(string name) => name switch
    {
        "q_proj" => q_proj,
        "k_proj" => k_proj,
        "v_proj" => v_proj,
        "o_proj" => o_proj,
        _ => throw new ArgumentException($"Attention has no projection '{name}'.", nameof(name)),
    };

    internal void ReplaceProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        switch (name)
        {
            case "q_proj": q_proj = module; break;
            case "k_proj": k_proj = module; break;
            case "v_proj": v_proj = module; break;
            case "o_proj": o_proj = module; break;
            default: throw new ArgumentException($"Attention has no projection '{name}'.", nameof(name));
        }
        // TorchSharp refuses to register a name twice, so the old registration is dropped first.
        _internal_submodules.Remove(name);
        register_module(name, module);
    }
}
