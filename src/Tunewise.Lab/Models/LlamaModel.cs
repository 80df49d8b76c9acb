using TorchSharp.Modules;
using TorchSharp;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Runtime;
using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>
/// A Llama-family causal language model (LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM, GemmaForCausalLM,
/// Phi3ForCausalLM). Parameter names are the Hugging Face checkpoint keys (<c>model.layers.0.self_attn.q_proj.weight</c>, …),
/// so <c>state_dict()</c> maps one to one onto safetensors files; Phi-3's fused <c>qkv_proj</c> and <c>gate_up_proj</c> are
/// split into these names on load and fused again on save (<see cref="Checkpoints.FusedProjections"/>).
/// </summary>
public sealed class LlamaModel : nn.Module<Tensor, Tensor>
{
    private readonly LlamaBackbone model;
    private readonly nn.Module<Tensor, Tensor>? lm_head;
    private readonly RotaryEmbedding _rotary;

    private static readonly Lock SeedGate = new();

    /// <summary>
    /// A model with freshly initialised weights drawn from torch's global generator seeded with <paramref name="seed"/>: the same
    /// weights for the same seed, also while other threads build seeded models (the seed and the draws are taken under one lock).
    /// </summary>
    public static LlamaModel Seeded(LlamaConfig config, int seed, ScalarType dtype = ScalarType.Float32)
    {
        lock (SeedGate)
        {
            manual_seed(seed);
            return new LlamaModel(config, dtype);
        }
    }

    /// <summary>A model with freshly initialised weights (normal, std 0.02; seed with torch.manual_seed, or build it with <see cref="Seeded"/>).</summary>
    public LlamaModel(LlamaConfig config, ScalarType dtype = ScalarType.Float32) : base("LlamaForCausalLM")
    {
        TorchRuntime.EnsureLoadable();
        config.Validate();
        Config = config;
        model = new LlamaBackbone(config, dtype);
        if (!config.TieWordEmbeddings) lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, dtype: dtype);
        _rotary = new RotaryEmbedding(config);
        RegisterComponents();
        InitializeWeights();
    }

    public LlamaConfig Config { get; }

    /// <summary>The dtype of the weights (float32 unless created or loaded otherwise).</summary>
    public ScalarType DType => model.Embeddings.weight!.dtype;

    /// <summary>The device the weights live on.</summary>
    public Device Device => model.Embeddings.weight!.device;

    /// <summary>Loads a Hugging Face-layout checkpoint directory (config.json + safetensors).</summary>
    public static LlamaModel Load(string directory, ScalarType? dtype = null) => LlamaCheckpoint.LoadModel(directory, dtype);

    /// <summary>
    /// Loads a checkpoint at <paramref name="compute"/>'s dtype onto its device. The device is resolved first, so
    /// asking for cuda where there is none fails before any weight is read.
    /// </summary>
    public static LlamaModel Load(string directory, LabCompute compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return Load(directory, compute.ScalarType, compute.ResolveDevice());
    }

    /// <summary>Loads a checkpoint at <paramref name="dtype"/> onto <paramref name="device"/>.</summary>
    public static LlamaModel Load(string directory, ScalarType dtype, Device device)
    {
        var model = LlamaCheckpoint.LoadModel(directory, dtype);
        if (device.type != DeviceType.CPU) model.to(device);
        return model;
    }

    /// <summary>Writes config.json and model.safetensors (or shards) into <paramref name="directory"/>.</summary>
    public void Save(string directory, ScalarType? dtype = null, long? maxShardBytes = null) =>
        LlamaCheckpoint.SaveModel(this, directory, dtype, maxShardBytes);

    /// <summary>Logits [batch, length, vocab] for token ids [batch, length], causal attention, no padding.</summary>
    public override Tensor forward(Tensor inputIds) => Forward(inputIds);

    /// <summary>
    /// Logits [batch, length, vocab]. <paramref name="attentionMask"/> [batch, length] marks the new
    /// tokens that are real (1) or padding (0); with left padding, position ids count only real tokens.
    /// With a <paramref name="cache"/>, the new tokens attend to everything cached, and are appended to it.
    /// With <paramref name="lastPositionOnly"/>, only the last position's logits are computed ([batch, 1, vocab]):
    /// generation needs no more, and a long prompt's output projection is then one row, not one per token.
    /// </summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask = null, KvCache? cache = null, bool lastPositionOnly = false)
    {
        long batch = inputIds.shape[0], length = inputIds.shape[1];
        long past = cache?.Length ?? 0;
        var device = inputIds.device;
        bool padded = attentionMask is not null || cache?.KeyMask is not null;
        var newValid = attentionMask is null ? ones(batch, length, ScalarType.Bool, device) : attentionMask.to_type(ScalarType.Bool);

        Tensor? keyMask = null;
        if (padded)
        {
            var previous = cache?.KeyMask ?? (past > 0 ? ones(batch, past, ScalarType.Bool, device) : null);
            keyMask = previous is null ? newValid : cat([previous, newValid], 1);
        }

        var startCount = cache?.ValidCount ?? zeros(batch, ScalarType.Int64, device);
        // Integer sums with a Scalar made here for each call: an intermittent "argument alpha must not be a floating
        // point number" from the operators' shared default alpha was seen once on these long tensors.
        using Scalar one = 1L;
        var positions = startCount.unsqueeze(1).add(newValid.to_type(ScalarType.Int64).cumsum(1), one).sub(one).clamp_min(0);
        var (cos, sin) = _rotary.For(positions, DType);

        // Mistral's sliding window, as transformers applies it to one sequence: a query at position i sees the
        // key at position j when i − window < j ≤ i. Within the window that is plain causal attention, so no mask is
        // built for it. Cache indices serve as positions: left padding shifts a query and its keys alike, so a padded
        // sequence sees what it would see alone.
        int? window = Config.SlidingWindow is { } w && past + length > w ? w : null;
        Tensor? mask = null;
        if (padded || (past > 0 && length > 1) || window is not null)
        {
            var queryPositions = arange(past, past + length, ScalarType.Int64, device).unsqueeze(1);
            var keyPositions = arange(0, past + length, ScalarType.Int64, device).unsqueeze(0);
            var allowed = (keyPositions <= queryPositions).unsqueeze(0);
            if (padded) allowed = allowed & (keyMask!.unsqueeze(1) | (keyPositions == queryPositions).unsqueeze(0));
            if (window is { } size) allowed = allowed & (keyPositions > queryPositions - size).unsqueeze(0);
            mask = allowed.unsqueeze(1);
        }

        var hidden = model.Forward(inputIds, cos, sin, mask, cache);
        cache?.Advance(length, keyMask, startCount.add(newValid.to_type(ScalarType.Int64).sum(1), one));
        if (lastPositionOnly && length > 1) hidden = hidden.narrow(1, length - 1, 1);
        return lm_head is null ? nn.functional.linear(hidden, model.Embeddings.weight!) : lm_head.call(hidden);
    }

    /// <summary>
    /// FLOPs of one token's forward pass through the projections and the output matrix, 2 per weight
    /// (attention scores, which grow with the context, are left out). From the config, so adapters and 4-bit
    /// weights do not change it.
    /// </summary>
    public double FlopsPerToken()
    {
        long hidden = Config.HiddenSize, queries = (long)Config.NumAttentionHeads * Config.HeadDim, keys = (long)Config.NumKeyValueHeads * Config.HeadDim;
        long perLayer = hidden * queries * 2 + hidden * keys * 2 + 3 * hidden * Config.IntermediateSize;
        return 2.0 * (Config.NumHiddenLayers * perLayer + (long)Config.VocabSize * hidden);
    }

    /// <summary>An empty cache for incremental decoding with this model.</summary>
    public KvCache NewCache() => new(Config.NumHiddenLayers);

    /// <summary>
    /// The seven projections of every layer, named by their checkpoint prefix
    /// (<c>model.layers.3.self_attn.q_proj</c>, <c>model.layers.3.mlp.down_proj</c>, …).
    /// </summary>
    public IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)> LinearLayers()
    {
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            foreach (var name in LlamaAttention.ProjectionNames)
                yield return ($"model.layers.{i}.self_attn.{name}", layer.Attention.Projection(name));
            foreach (var name in LlamaMlp.ProjectionNames)
                yield return ($"model.layers.{i}.mlp.{name}", layer.Mlp.Projection(name));
        }
    }

    /// <summary>Puts <paramref name="module"/> in place of the projection named as in <see cref="LinearLayers"/>.</summary>
    public void ReplaceLinear(string name, nn.Module<Tensor, Tensor> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var parts = name.Split('.');
        if (parts.Length != 5 || parts[0] != "model" || parts[1] != "layers" || !int.TryParse(parts[2], out int index)
            || index < 0 || index >= model.Layers.Count)
        {
            throw new ArgumentException($"'{name}' is not a projection of this model; expected a name from LinearLayers().", nameof(name));
        }
        var layer = model.Layers[index];
        switch (parts[3])
        {
            case "self_attn" when LlamaAttention.ProjectionNames.Contains(parts[4]):
                layer.Attention.ReplaceProjection(parts[4], module);
                break;
            case "mlp" when LlamaMlp.ProjectionNames.Contains(parts[4]):
                layer.Mlp.ReplaceProjection(parts[4], module);
                break;
            default:
                throw new ArgumentException($"'{name}' is not a projection of this model; expected a name from LinearLayers().", nameof(name));
        }
    }

    /// <summary>The token embedding matrix [vocab, hidden] (also the output matrix when tied).</summary>
    public Parameter EmbeddingWeight => model.Embeddings.weight!;

    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) continue;
            nn.init.normal_(parameter, 0.0, 0.02);
        }
    }
}
