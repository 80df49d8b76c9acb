using Tunewise.Lab.Runtime;
using TorchSharp.Modules;
using Tunewise.Lab.Models;
using Tunewise.Lab.Quantization;
using static TorchSharp.torch;

namespace Tunewise.Lab.Lora;

/// <summary>
/// The LoRA layers put into one model: which projections carry an adapter, with which options,
/// and whether the frozen base is NF4 (QLoRA).
/// </summary>
public sealed class LoraAdapter
{
    private readonly ILinearLayerHost _host;

    private LoraAdapter(ILinearLayerHost host, LoraOptions options, bool quantized, IReadOnlyDictionary<string, LoraLinear> layers)
    {
        _host = host;
        Options = options;
        Quantized = quantized;
        Layers = layers;
    }

    public LoraOptions Options { get; }

    /// <summary>True when the frozen base projections are held in NF4 (QLoRA).</summary>
    public bool Quantized { get; }

    /// <summary>Adapter layers by projection name, e.g. "model.layers.0.self_attn.q_proj".</summary>
    public IReadOnlyDictionary<string, LoraLinear> Layers { get; }

    public IEnumerable<Parameter> TrainableParameters() => Layers.Values.SelectMany(l => new[] { l.LoraA, l.LoraB });

    public long TrainableParameterCount => TrainableParameters().Sum(p => p.numel());

    /// <summary>
    /// Freezes every parameter of <paramref name="model"/> and wraps the target projections in LoRA layers.
    /// With <paramref name="quantizeBase"/> every projection's weight is first stored as NF4 (QLoRA);
    /// embeddings, norms and the output head stay fp32, as in the QLoRA paper.
    /// </summary>
    public static LoraAdapter Attach<TModel>(TModel model, LoraOptions options, bool quantizeBase = false, bool doubleQuantize = true)
        where TModel : nn.Module, ILinearLayerHost =>
        Attach(model, model, options, quantizeBase, doubleQuantize);

    /// <inheritdoc cref="Attach{TModel}(TModel, LoraOptions, bool, bool)"/>
    public static LoraAdapter Attach(LlamaModel model, LoraOptions options, bool quantizeBase = false, bool doubleQuantize = true) =>
        Attach(model, new LlamaLinearLayers(model), options, quantizeBase, doubleQuantize);

    /// <inheritdoc cref="Attach{TModel}(TModel, LoraOptions, bool, bool)"/>
    /// <param name="host">Lists and swaps <paramref name="model"/>'s projections.</param>
    public static LoraAdapter Attach(nn.Module model, ILinearLayerHost host, LoraOptions options, bool quantizeBase = false, bool doubleQuantize = true)
    {
        TorchRuntime.EnsureLoadable();
        options.Validate();
        foreach (var parameter in model.parameters()) parameter.requires_grad = false;

        var layers = new Dictionary<string, LoraLinear>(StringComparer.Ordinal);
        // A's initial values come from a generator of their own: the global one may not be seeded yet (the trainer seeds it
        // later), and then every process would start from different adapters.
        using var generator = new Generator((ulong)options.InitSeed);
        foreach (var (name, layer) in host.LinearLayers().ToList())
        {
            var kind = name[(name.LastIndexOf('.') + 1)..];
            var isTarget = options.TargetModules.Contains(kind);
            nn.Module<Tensor, Tensor> frozen = layer;
            if (quantizeBase && layer is Linear linear)
            {
                frozen = Nf4Linear.FromLinear(linear, doubleQuantize);
                if (!isTarget) host.ReplaceLinear(name, frozen);
                linear.Dispose();
            }
            if (!isTarget) continue;
            var lora = new LoraLinear(frozen, options.Rank, options.Alpha, options.Dropout, generator);
            host.ReplaceLinear(name, lora);
            layers.Add(name, lora);
        }
        if (layers.Count == 0)
            throw new ArgumentException($"The model has no projections named {string.Join(", ", options.TargetModules)}.", nameof(options));
        return new LoraAdapter(host, options, quantizeBase, layers);
    }

    /// <summary>
    /// Folds every adapter into its base and dequantizes any NF4 projection, leaving plain fp32 Linear
    /// layers and no adapter in the model, ready to be saved as a full checkpoint.
    /// </summary>
    public void MergeIntoBase()
    {
        foreach (var (name, layer) in _host.LinearLayers().ToList())
        {
            switch (layer)
            {
                case LoraLinear lora:
                    _host.ReplaceLinear(name, lora.ToMergedLinear());
                    lora.Dispose();
                    break;
                case Nf4Linear nf4:
                    _host.ReplaceLinear(name, nf4.ToLinear());
                    nf4.Dispose();
                    break;
            }
        }
    }

    /// <summary>Bytes held by the frozen projection weights, and what the same weights take in fp32.</summary>
    public (long Held, long Fp32) FrozenProjectionBytes()
    {
        long held = 0, fp32 = 0;
        foreach (var (_, layer) in _host.LinearLayers())
        {
            var frozen = layer is LoraLinear lora ? lora.BaseLayer : layer;
            switch (frozen)
            {
                case Nf4Linear nf4:
                    held += nf4.BytesHeld;
                    fp32 += nf4.Weight.Fp32Bytes;
                    break;
                case Linear linear:
                    held += linear.weight.numel() * linear.weight.element_size();
                    fp32 += linear.weight.numel() * 4;
                    break;
            }
        }
        return (held, fp32);
    }
}
