using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>
/// Gated feed-forward: down(act(gate(x)) · up(x)), act silu (SwiGLU) or, for Gemma, tanh-approximated gelu (GeGLU).
/// Projections are swappable (LoRA, NF4).
/// </summary>
internal sealed class LlamaMlp : nn.Module<Tensor, Tensor>
{
    internal static readonly string[] ProjectionNames = ["gate_proj", "up_proj", "down_proj"];

    private nn.Module<Tensor, Tensor> gate_proj;
    private nn.Module<Tensor, Tensor> up_proj;
    private nn.Module<Tensor, Tensor> down_proj;

    public LlamaMlp(LlamaConfig config, ScalarType dtype) : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias, dtype: dtype);
        up_proj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias, dtype: dtype);
        down_proj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: config.MlpBias, dtype: dtype);
        _geglu = config.IsGemma;
        RegisterComponents();
    }

    private readonly bool _geglu;

    public override Tensor forward(Tensor input) =>
        down_proj.call(Activation(gate_proj.call(input)) * up_proj.call(input));

    // SwiGLU's silu, or Gemma's GeGLU: gelu with the tanh approximation, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    private Tensor Activation(Tensor x) =>
        _geglu ? 0.5 * x * (1.0 + (Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * x.pow(3))).tanh()) : nn.functional.silu(x);

    internal nn.Module<Tensor, Tensor> Projection(string name) => name switch
    {
        "gate_proj" => gate_proj,
        "up_proj" => up_proj,
        "down_proj" => down_proj,
        _ => throw new ArgumentException($"The MLP has no projection '{name}'.", nameof(name)),
    };

    internal void ReplaceProjection(string name, nn.Module<Tensor, Tensor> module)
    {
        switch (name)
        {
            case "gate_proj": gate_proj = module; break;
            case "up_proj": up_proj = module; break;
            case "down_proj": down_proj = module; break;
            default: throw new ArgumentException($"The MLP has no projection '{name}'.", nameof(name));
        }
        // TorchSharp refuses to register a name twice, so the old registration is dropped first.
        _internal_submodules.Remove(name);
        register_module(name, module);
    }
}
