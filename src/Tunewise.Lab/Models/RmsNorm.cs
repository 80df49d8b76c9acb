using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>
/// Root-mean-square layer norm, computed in float32 as Llama does, scaled by a learned weight; with
/// <c>unitOffset</c> (Gemma) scaled by 1 + weight in float32 before the cast back, the weight starting at 0.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _eps;

    private readonly bool _unitOffset;

    public RmsNorm(long size, double eps, ScalarType dtype = ScalarType.Float32, bool unitOffset = false) : base(nameof(RmsNorm))
    {
        weight = new Parameter(unitOffset ? zeros(size, dtype) : ones(size, dtype));
        _eps = eps;
        _unitOffset = unitOffset;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.to_type(ScalarType.Float32);
        var normalized = x * rsqrt(x.pow(2).mean([-1], keepdim: true) + _eps);
        if (_unitOffset) return (normalized * (weight.to_type(ScalarType.Float32) + 1.0)).to_type(input.dtype);
        return weight * normalized.to_type(input.dtype);
    }
}
