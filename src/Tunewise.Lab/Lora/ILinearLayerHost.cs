using static TorchSharp.torch;

namespace Tunewise.Lab.Lora;

/// <summary>
/// A model whose projection layers can be listed and swapped by name, so adapters and quantized
/// layers can be put in place without the model knowing about them.
/// </summary>
public interface ILinearLayerHost
{
    /// <summary>
    /// Every replaceable projection, named by its checkpoint path without the ".weight" suffix,
    /// e.g. "model.layers.0.self_attn.q_proj". The last segment is the projection's kind.
    /// </summary>
    IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> LinearLayers();

    /// <summary>Puts <paramref name="replacement"/> where the layer called <paramref name="name"/> was.</summary>
    void ReplaceLinear(string name, nn.Module<Tensor, Tensor> replacement);
}
