using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>Pre-norm transformer block: x + attn(norm(x)), then + mlp(norm(·)).</summary>
internal sealed class LlamaDecoderLayer : nn.Module
{
    private readonly RmsNorm input_layernorm;
    private readonly LlamaAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly LlamaMlp mlp;

    public LlamaDecoderLayer(LlamaConfig config, ScalarType dtype) : base(nameof(LlamaDecoderLayer))
    {
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype, unitOffset: config.IsGemma);
        self_attn = new LlamaAttention(config, dtype);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype, unitOffset: config.IsGemma);
        mlp = new LlamaMlp(config, dtype);
        RegisterComponents();
    }

    internal LlamaAttention Attention => self_attn;

    internal LlamaMlp Mlp => mlp;

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache.Layer? cache)
    {
        var h = x + self_attn.Forward(input_layernorm.call(x), cos, sin, mask, cache);
        return h + mlp.call(post_attention_layernorm.call(h));
    }
}
