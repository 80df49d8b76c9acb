using TorchSharp;
using TorchSharp.Modules;
using Tunewise.Lab.Quantization;
using static TorchSharp.torch;

namespace Tunewise.Lab.Lora;

/// <summary>
/// A frozen base linear layer (fp32 <see cref="Linear"/> or NF4 <see cref="Nf4Linear"/>) plus a trainable
/// low-rank update: y = base(x) + dropout(x)·Aᵀ·Bᵀ·(α/r). A starts Kaiming-uniform and B starts at zero,
/// as in PEFT, so a fresh adapter leaves the model's outputs unchanged.
/// </summary>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names follow PEFT's checkpoint keys.
    private readonly nn.Module<Tensor, Tensor> base_layer;
    private readonly Parameter lora_A;
    private readonly Parameter lora_B;
#pragma warning restore IDE1006
    private readonly double _dropout;
    private bool _merged;

    /// <param name="generator">Draws A's initial values; null uses torch's global generator.</param>
    public LoraLinear(nn.Module<Tensor, Tensor> baseLayer, int rank, double alpha, double dropout, Generator? generator = null) : base(nameof(LoraLinear))
    {
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(rank), rank, "LoRA rank must be at least 1.");
        (InFeatures, OutFeatures) = baseLayer switch
        {
            Linear linear => (linear.in_features, linear.out_features),
            Nf4Linear nf4 => (nf4.InFeatures, nf4.OutFeatures),
            _ => throw new ArgumentException($"LoRA wraps Linear or Nf4Linear layers, not {baseLayer.GetType().Name}.", nameof(baseLayer)),
        };
        Rank = rank;
        Alpha = alpha;
        Scaling = alpha / rank;
        _dropout = dropout;
        base_layer = baseLayer;
        foreach (var parameter in base_layer.parameters()) parameter.requires_grad = false;

        // The adapter is fp32 on the base's device whatever the base's dtype (a bf16 base trains an fp32 adapter).
        var device = base_layer.parameters().FirstOrDefault()?.device ?? CPU;
        lora_A = new Parameter(empty(rank, InFeatures, device: device));
        lora_B = new Parameter(zeros(OutFeatures, rank, device: device));
        using (no_grad())
        {
            // PEFT's choice (and nn.Linear's default): Kaiming-uniform with a = √5, which is U(−1/√fan_in, 1/√fan_in);
            // written out because TorchSharp's kaiming_uniform_ takes no generator.
            var bound = 1.0 / Math.Sqrt(InFeatures);
            lora_A.uniform_(-bound, bound, generator);
        }
        RegisterComponents();
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    public int Rank { get; }

    public double Alpha { get; }

    public double Scaling { get; }

    public bool IsMerged => _merged;

    public nn.Module<Tensor, Tensor> BaseLayer => base_layer;

    /// <summary>A: [rank, in_features].</summary>
    public Parameter LoraA => lora_A;

    /// <summary>B: [out_features, rank].</summary>
    public Parameter LoraB => lora_B;

    public override Tensor forward(Tensor input)
    {
        var result = base_layer.call(input);
        if (_merged) return result;
        using var dropped = training && _dropout > 0 ? nn.functional.dropout(input, _dropout, training: true) : input.alias();
        using var adapterInput = dropped.dtype == lora_A.dtype ? dropped.alias() : dropped.to_type(lora_A.dtype);
        using var down = nn.functional.linear(adapterInput, lora_A);
        using var up = nn.functional.linear(down, lora_B);
        if (up.dtype == result.dtype) return result.add_(up, Scaling);
        using var cast = up.to_type(result.dtype);
        return result.add_(cast, Scaling);
    }

    /// <summary>ΔW = B·A·(α/r), shaped like the base weight.</summary>
    public Tensor DeltaWeight()
    {
        using var product = lora_B.detach().matmul(lora_A.detach());
        return product.mul(Scaling);
    }

    /// <summary>Adds ΔW into the fp32 base weight, so inference costs one matmul. Needs a plain Linear base.</summary>
    public void Merge()
    {
        if (_merged) return;
        var linear = base_layer as Linear
            ?? throw new InvalidOperationException("Only an fp32 base can be merged in place; use ToMergedLinear() for an NF4 base.");
        using (no_grad())
        using (var delta = DeltaWeight())
        {
            linear.weight.add_(delta);
        }
        _merged = true;
    }

    /// <summary>Subtracts ΔW again, restoring the frozen base weight (up to rounding).</summary>
    public void Unmerge()
    {
        if (!_merged) return;
        var linear = (Linear)base_layer;
        using (no_grad())
        using (var delta = DeltaWeight())
        {
            linear.weight.sub_(delta);
        }
        _merged = false;
    }

    /// <summary>A new fp32 linear layer holding base + ΔW (the NF4 base is dequantized first).</summary>
    public Linear ToMergedLinear()
    {
        Linear merged;
        if (base_layer is Nf4Linear nf4)
        {
            merged = nf4.ToLinear();
        }
        else
        {
            var linear = (Linear)base_layer;
            merged = nn.Linear(InFeatures, OutFeatures, hasBias: linear.bias is not null);
            using (no_grad())
            {
                merged.weight.copy_(linear.weight);
                if (linear.bias is not null) merged.bias!.copy_(linear.bias);
            }
        }
        if (!_merged)
        {
            using (no_grad())
            using (var delta = DeltaWeight())
            {
                merged.weight.add_(delta);
            }
        }
        return merged;
    }
}
