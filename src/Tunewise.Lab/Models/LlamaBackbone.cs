using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>The "model." part of a Llama checkpoint: embeddings, decoder layers, final norm.</summary>
internal sealed class LlamaBackbone : nn.Module
{
    private readonly Embedding embed_tokens;
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly LlamaDecoderLayer[] _layerList;
    private readonly double? _embeddingScale;

    public LlamaBackbone(LlamaConfig config, ScalarType dtype) : base(nameof(LlamaBackbone))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, dtype: dtype);
        layers = new ModuleList<LlamaDecoderLayer>();
        for (int i = 0; i < config.NumHiddenLayers; i++) layers.Add(new LlamaDecoderLayer(config, dtype));
        _layerList = [.. layers];
        _embeddingScale = config.IsGemma ? Math.Sqrt(config.HiddenSize) : null;
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype, unitOffset: config.IsGemma);
        RegisterComponents();
    }

    internal Embedding Embeddings => embed_tokens;

    internal IReadOnlyList<LlamaDecoderLayer> Layers => _layerList;

    public Tensor Forward(Tensor inputIds, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache)
    {
        var h = embed_tokens.call(inputIds);
        if (_embeddingScale is { } scale)
        {
            // Gemma scales the embeddings by √hidden_size, the factor rounded to the activations' dtype.
            using var factor = tensor(scale, dtype: h.dtype, device: h.device);
            h = h * factor;
        }
        // Without gradients nothing needs a layer's intermediates after it, so each layer frees its own (attention
        // scores are batch × heads × length × keys). Left to the caller's scope they would all live until the pass
        // ends: an 8-prompt batch of 1,300-token prompts on tw-base peaked at 2.5 GB that way.
        bool inference = !is_grad_enabled();
        for (int i = 0; i < layers.Count; i++)
        {
            if (!inference)
            {
                h = layers[i].Forward(h, cos, sin, mask, cache?.Layers[i]);
                continue;
            }
            using var scope = NewDisposeScope();
            h = layers[i].Forward(h, cos, sin, mask, cache?.Layers[i]).MoveToOuterDisposeScope();
        }
        return norm.call(h);
    }
}
