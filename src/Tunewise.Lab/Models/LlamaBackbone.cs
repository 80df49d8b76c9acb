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

    public LlamaBackbone(LlamaConfig config, ScalarType dtype) : base(nameof(LlamaBackbone))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, dtype: dtype);
        layers = new ModuleList<LlamaDecoderLayer>();
        for (int i = 0; i < config.NumHiddenLayers; i++) layers.Add(new LlamaDecoderLayer(config, dtype));
        _layerList = [.. layers];
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, dtype);
        RegisterComponents();
    }

    internal Embedding Embeddings => embed_tokens;

    internal IReadOnlyList<LlamaDecoderLayer> Layers => _layerList;

    public Tensor Forward(Tensor inputIds, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache)
    {
        var h = embed_tokens.call(inputIds);
        for (int i = 0; i < layers.Count; i++)
        {
            h = layers[i].Forward(h, cos, sin, mask, cache?.Layers[i]);
        }
        return norm.call(h);
    }
}
