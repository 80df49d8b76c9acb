using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Checkpoints;

/// <summary>
/// Phi-3's on-disk layout: per layer, <c>self_attn.qkv_proj.weight</c> holds the q, k and v projections' rows in that
/// order, and <c>mlp.gate_up_proj.weight</c> the gate projection's rows, then the up projection's (transformers splits
/// them the same way: q, k, v by head counts, gate and up by <c>chunk(2)</c>). The model in memory keeps the seven
/// separate projections, so LoRA, quantization and generation see one decoder; only loading and saving translate.
/// </summary>
internal static class FusedProjections
{
    private const string Qkv = "self_attn.qkv_proj.weight";
    private const string GateUp = "mlp.gate_up_proj.weight";

    /// <summary>A model tensor stored as rows [<paramref name="Start"/>, Start + Rows) of the stored tensor <paramref name="Stored"/>.</summary>
    public readonly record struct Slice(string Stored, long Start, long Rows, long StoredRows);

    /// <summary>Where the model tensor <paramref name="name"/> is stored, when the config fuses it; null when it is stored as itself.</summary>
    public static Slice? Source(string name, LlamaConfig config)
    {
        if (!config.HasFusedProjections || !name.StartsWith("model.layers.", StringComparison.Ordinal)) return null;
        int dot = name.IndexOf('.', "model.layers.".Length);
        if (dot < 0) return null;
        string layer = name[..(dot + 1)];
        string local = name[(dot + 1)..];
        long q = (long)config.NumAttentionHeads * config.HeadDim, kv = (long)config.NumKeyValueHeads * config.HeadDim;
        long inter = config.IntermediateSize;
        return local switch
        {
            "self_attn.q_proj.weight" => new Slice(layer + Qkv, 0, q, q + 2 * kv),
            "self_attn.k_proj.weight" => new Slice(layer + Qkv, q, kv, q + 2 * kv),
            "self_attn.v_proj.weight" => new Slice(layer + Qkv, q + kv, kv, q + 2 * kv),
            "mlp.gate_proj.weight" => new Slice(layer + GateUp, 0, inter, 2 * inter),
            "mlp.up_proj.weight" => new Slice(layer + GateUp, inter, inter, 2 * inter),
            _ => null,
        };
    }

    /// <summary>
    /// The model's tensors in the checkpoint's layout: for a fused config, each layer's q/k/v and gate/up concatenated
    /// into one stored tensor at the place of the first (the new tensors are listed in <paramref name="created"/> for
    /// the caller to dispose); otherwise the tensors as they are.
    /// </summary>
    public static List<(string Name, Tensor Tensor)> ToStored(IEnumerable<(string Name, Tensor Tensor)> entries, LlamaConfig config, List<Tensor> created)
    {
        var list = entries.ToList();
        if (!config.HasFusedProjections) return list;
        var byName = list.ToDictionary(e => e.Name, e => e.Tensor, StringComparer.Ordinal);
        var parts = new Dictionary<string, List<(long Start, string Name)>>(StringComparer.Ordinal);
        foreach (var (name, _) in list)
        {
            if (Source(name, config) is { } slice)
            {
                if (!parts.TryGetValue(slice.Stored, out var members)) parts[slice.Stored] = members = [];
                members.Add((slice.Start, name));
            }
        }
        var stored = new List<(string Name, Tensor Tensor)>(list.Count);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in list)
        {
            if (Source(name, config) is not { } slice)
            {
                stored.Add((name, tensor));
                continue;
            }
            if (!written.Add(slice.Stored)) continue;
            var fused = cat(parts[slice.Stored].OrderBy(p => p.Start).Select(p => byName[p.Name]).ToArray(), 0);
            created.Add(fused);
            stored.Add((slice.Stored, fused));
        }
        return stored;
    }
}
