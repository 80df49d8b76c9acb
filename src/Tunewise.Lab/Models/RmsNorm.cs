using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>Root-mean-square layer norm, computed in float32 as Llama does, scaled by a learned weight.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double _eps;

    public RmsNorm(long size, double eps, ScalarType dtype = ScalarType.Float32) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(size, dtype));
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.to_type(ScalarType.Float32);
        var normalized = x * rsqrt(x.pow(2).mean([-1], keepdim: true) + _eps);
        return weight * normalized.to_type(input.dtype);
    }
}
