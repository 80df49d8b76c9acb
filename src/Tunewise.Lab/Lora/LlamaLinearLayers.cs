using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Lora;

/// <summary>Lets adapters reach a <see cref="LlamaModel"/>'s projections.</summary>
internal sealed class LlamaLinearLayers(LlamaModel model) : ILinearLayerHost
{
    public IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> LinearLayers() => model.LinearLayers();

    public void ReplaceLinear(string name, nn.Module<Tensor, Tensor> replacement) => model.ReplaceLinear(name, replacement);
}
