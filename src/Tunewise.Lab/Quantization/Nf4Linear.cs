using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tunewise.Lab.Quantization;

/// <summary>
/// A frozen linear layer whose weight is stored in NF4 and dequantized on the fly in each forward pass.
/// It has no trainable parameters; train it through a LoRA adapter on top.
/// </summary>
public sealed class Nf4Linear : nn.Module<Tensor, Tensor>
{
    private readonly Nf4Weight _weight;
    private readonly Tensor? _bias;

    public Nf4Linear(Nf4Weight weight, Tensor? bias) : base(nameof(Nf4Linear))
    {
        _weight = weight;
        _bias = bias?.detach().clone();
        OutFeatures = weight.Shape[0];
        InFeatures = weight.Shape[1];
    }

    /// <summary>Quantizes an existing linear layer's weight; the fp32 original is not kept.</summary>
    public static Nf4Linear FromLinear(Linear linear, bool doubleQuantize = true) =>
        new(Nf4Weight.Quantize(linear.weight, doubleQuantize), linear.bias);

    public long InFeatures { get; }

    public long OutFeatures { get; }

    public Nf4Weight Weight => _weight;

    /// <summary>Bytes of the frozen weight as held (codes and scales), bias excluded.</summary>
    public long BytesHeld => _weight.BytesHeld;

    public override Tensor forward(Tensor input)
    {
        using var weight = _weight.Dequantize();
        return nn.functional.linear(input, weight, _bias);
    }

    /// <summary>A plain fp32 linear layer with the dequantized weight.</summary>
    public Linear ToLinear()
    {
        var linear = nn.Linear(InFeatures, OutFeatures, hasBias: _bias is not null);
        using (no_grad())
        {
            using var weight = _weight.Dequantize();
            linear.weight.copy_(weight);
            if (_bias is not null) linear.bias!.copy_(_bias);
        }
        return linear;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weight.Dispose();
            _bias?.Dispose();
        }
        base.Dispose(disposing);
    }
}
