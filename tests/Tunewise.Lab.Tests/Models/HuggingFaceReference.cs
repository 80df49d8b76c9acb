using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Tunewise.Lab.Tests.Models;

/// <summary>
/// A second, independent reading of a Hugging Face checkpoint directory and of what transformers computes
/// for it (LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM), in plain loops and doubles, with no
/// TorchSharp and none of the engine's code: its own config.json and safetensors readers (single file or
/// shards by the index's weight_map; F32, F16, BF16), RMSNorm, rotate-half rotary embeddings from
/// rope_theta, grouped-query attention (query head h reads key/value head h / (heads / kv_heads)),
/// biases wherever the checkpoint has them (Qwen2 requires them on q, k, v), the sliding-window mask of
/// Mistral (key j is visible from query i when i − window &lt; j ≤ i), SwiGLU, and the output projection
/// tied to the embeddings when tie_word_embeddings is true. Gemma (GemmaForCausalLM): embeddings times
/// √hidden_size, norms scaled by (1 + weight), GeGLU (tanh-approximated gelu), tied unless said otherwise.
/// Phi-3 (Phi3ForCausalLM): qkv_proj split into q, k, v by head counts, gate_up_proj chunked in two (gate, then up),
/// and Mistral's sliding-window mask.
/// No KV cache: every call computes the whole sequence.
/// </summary>
internal sealed class HuggingFaceReference
{
    private readonly Dictionary<string, (double[] Values, long[] Shape)> _weights = new(StringComparer.Ordinal);
    private readonly int _hidden, _layers, _heads, _kvHeads, _headDim, _vocab;
    private readonly double _eps, _theta;
    private readonly int? _window;
    private readonly bool _tied, _gemma;

    public HuggingFaceReference(string directory)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!.AsObject();
        ModelType = config["model_type"]?.GetValue<string>() ?? "llama";
        _hidden = config["hidden_size"]!.GetValue<int>();
        _layers = config["num_hidden_layers"]!.GetValue<int>();
        _heads = config["num_attention_heads"]!.GetValue<int>();
        _kvHeads = config["num_key_value_heads"]?.GetValue<int>() ?? _heads;
        _headDim = config["head_dim"]?.GetValue<int>() ?? _hidden / _heads;
        _vocab = config["vocab_size"]!.GetValue<int>();
        _eps = config["rms_norm_eps"]!.GetValue<double>();
        _theta = config["rope_theta"]?.GetValue<double>() ?? 10000.0;
        _gemma = ModelType == "gemma";
        _tied = config["tie_word_embeddings"]?.GetValue<bool>() ?? _gemma;
        if (config["rope_scaling"] is not null) throw new NotSupportedException("The reference computes unscaled rotary embeddings only.");
        _window = ModelType is "mistral" or "phi3" ? config["sliding_window"]?.GetValue<int>() : null;

        string index = Path.Combine(directory, "model.safetensors.index.json");
        var files = File.Exists(index)
            ? JsonNode.Parse(File.ReadAllText(index))!["weight_map"]!.AsObject().Select(p => p.Value!.GetValue<string>()).Distinct().ToList()
            : ["model.safetensors"];
        foreach (var file in files) ReadSafetensors(Path.Combine(directory, file));
        TensorNames = _weights.Keys.ToList();
        if (ModelType == "phi3") SplitPhi3(config["intermediate_size"]!.GetValue<int>());
        if (ModelType == "qwen2")
        {
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj" })
            {
                if (!_weights.ContainsKey($"model.layers.0.self_attn.{projection}.bias"))
                    throw new InvalidDataException($"A Qwen2 checkpoint has a bias on {projection}.");
            }
        }
    }

    public string ModelType { get; }

    /// <summary>The tensors as the checkpoint stores them.</summary>
    public IReadOnlyCollection<string> TensorNames { get; }

    /// <summary>Logits [position][vocab] for the whole sequence.</summary>
    public double[][] Logits(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count, d = _hidden, hd = _headDim;
        var embed = _weights["model.embed_tokens.weight"].Values;
        var x = new double[n][];
        for (int t = 0; t < n; t++) x[t] = embed.AsSpan(tokens[t] * d, d).ToArray();
        if (_gemma)
        {
            foreach (var row in x) for (int e = 0; e < d; e++) row[e] *= Math.Sqrt(d);
        }

        for (int l = 0; l < _layers; l++)
        {
            string p = $"model.layers.{l}.";
            var normed = x.Select(v => Norm(v, p + "input_layernorm.weight")).ToArray();
            var q = normed.Select(v => Project(p + "self_attn.q_proj", v)).ToArray();
            var k = normed.Select(v => Project(p + "self_attn.k_proj", v)).ToArray();
            var values = normed.Select(v => Project(p + "self_attn.v_proj", v)).ToArray();
            for (int t = 0; t < n; t++)
            {
                for (int h = 0; h < _heads; h++) Rotate(q[t], h * hd, t);
                for (int h = 0; h < _kvHeads; h++) Rotate(k[t], h * hd, t);
            }
            int group = _heads / _kvHeads;
            var attended = new double[n][];
            for (int i = 0; i < n; i++)
            {
                attended[i] = new double[_heads * hd];
                int first = _window is { } w ? Math.Max(0, i - w + 1) : 0;
                for (int h = 0; h < _heads; h++)
                {
                    int kv = h / group;
                    var scores = new double[i + 1];
                    for (int j = 0; j <= i; j++)
                    {
                        if (j < first) { scores[j] = double.NegativeInfinity; continue; }
                        double dot = 0;
                        for (int e = 0; e < hd; e++) dot += q[i][h * hd + e] * k[j][kv * hd + e];
                        scores[j] = dot / Math.Sqrt(hd);
                    }
                    double max = scores.Max();
                    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                    double total = weights.Sum();
                    for (int e = 0; e < hd; e++)
                    {
                        double sum = 0;
                        for (int j = first; j <= i; j++) sum += weights[j] / total * values[j][kv * hd + e];
                        attended[i][h * hd + e] = sum;
                    }
                }
            }
            for (int t = 0; t < n; t++)
            {
                var o = Project(p + "self_attn.o_proj", attended[t]);
                for (int e = 0; e < d; e++) x[t][e] += o[e];
                var m = Norm(x[t], p + "post_attention_layernorm.weight");
                var gate = Project(p + "mlp.gate_proj", m);
                var up = Project(p + "mlp.up_proj", m);
                var act = gate.Select((g, e) => Activation(g) * up[e]).ToArray();
                var down = Project(p + "mlp.down_proj", act);
                for (int e = 0; e < d; e++) x[t][e] += down[e];
            }
        }
        string head = _tied ? "model.embed_tokens" : "lm_head";
        return x.Select(v => MatVec(_weights[head + ".weight"].Values, Norm(v, "model.norm.weight"), null)).ToArray();
    }

    /// <summary>Greedy decoding, recomputing the whole sequence at every step.</summary>
    public List<int> Greedy(IReadOnlyList<int> prompt, int newTokens)
    {
        var sequence = prompt.ToList();
        var generated = new List<int>();
        for (int step = 0; step < newTokens; step++)
        {
            var last = Logits(sequence)[^1];
            int best = 0;
            for (int v = 1; v < _vocab; v++) if (last[v] > last[best]) best = v;
            generated.Add(best);
            sequence.Add(best);
        }
        return generated;
    }

    private double[] Norm(double[] v, string weight)
    {
        double meanSquare = v.Sum(a => a * a) / v.Length;
        double scale = 1.0 / Math.Sqrt(meanSquare + _eps);
        var w = _weights[weight].Values;
        return v.Select((a, i) => (_gemma ? 1 + w[i] : w[i]) * (a * scale)).ToArray();
    }

    // silu, or for Gemma gelu's tanh approximation.
    private double Activation(double g) =>
        _gemma ? 0.5 * g * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g))) : g / (1 + Math.Exp(-g));

    private double[] Project(string prefix, double[] v) =>
        MatVec(_weights[prefix + ".weight"].Values, v, _weights.TryGetValue(prefix + ".bias", out var bias) ? bias.Values : null);

    // Pairs dimension e with e + head_dim/2 (rotate_half), at angle position · theta^(−2e/head_dim).
    private void Rotate(double[] v, int offset, int position)
    {
        int half = _headDim / 2;
        for (int e = 0; e < half; e++)
        {
            double angle = position * Math.Pow(_theta, -2.0 * e / _headDim);
            double a = v[offset + e], b = v[offset + half + e];
            v[offset + e] = a * Math.Cos(angle) - b * Math.Sin(angle);
            v[offset + half + e] = b * Math.Cos(angle) + a * Math.Sin(angle);
        }
    }

    private static double[] MatVec(double[] matrix, double[] v, double[]? bias)
    {
        int inputs = v.Length, outputs = matrix.Length / inputs;
        var result = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = bias?[o] ?? 0;
            for (int i = 0; i < inputs; i++) sum += matrix[o * inputs + i] * v[i];
            result[o] = sum;
        }
        return result;
    }

    // Phi3Attention: query_pos = heads · head_dim; q = qkv[:query_pos], k = the next kv_heads · head_dim rows, v the rest.
    // Phi3MLP: gate, up = gate_up_proj(x).chunk(2).
    private void SplitPhi3(int intermediate)
    {
        for (int l = 0; l < _layers; l++)
        {
            string p = $"model.layers.{l}.";
            var (qkv, qkvShape) = _weights[p + "self_attn.qkv_proj.weight"];
            int columns = (int)qkvShape[1];
            int qRows = _heads * _headDim, kvRows = _kvHeads * _headDim;
            if (qkvShape[0] != qRows + 2 * kvRows) throw new InvalidDataException($"qkv_proj of layer {l} has {qkvShape[0]} rows.");
            Rows(p + "self_attn.q_proj.weight", qkv, 0, qRows, columns);
            Rows(p + "self_attn.k_proj.weight", qkv, qRows, kvRows, columns);
            Rows(p + "self_attn.v_proj.weight", qkv, qRows + kvRows, kvRows, columns);
            var (gateUp, gateUpShape) = _weights[p + "mlp.gate_up_proj.weight"];
            if (gateUpShape[0] != 2 * intermediate) throw new InvalidDataException($"gate_up_proj of layer {l} has {gateUpShape[0]} rows.");
            Rows(p + "mlp.gate_proj.weight", gateUp, 0, intermediate, (int)gateUpShape[1]);
            Rows(p + "mlp.up_proj.weight", gateUp, intermediate, intermediate, (int)gateUpShape[1]);
        }
    }

    private void Rows(string name, double[] source, int first, int count, int columns) =>
        _weights[name] = (source.AsSpan(first * columns, count * columns).ToArray(), [count, columns]);

    private void ReadSafetensors(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!.AsObject();
        int start = 8 + headerLength;
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            string dtype = node!["dtype"]!.GetValue<string>();
            var shape = node["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            int begin = start + (int)offsets[0], length = (int)(offsets[1] - offsets[0]);
            int size = dtype == "F32" ? 4 : 2;
            var values = new double[length / size];
            for (int i = 0; i < values.Length; i++)
            {
                var raw = bytes.AsSpan(begin + i * size, size);
                values[i] = dtype switch
                {
                    "F32" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(raw)),
                    "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw) << 16),
                    "F16" => (double)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw)),
                    _ => throw new NotSupportedException($"{path}: tensor {name} is {dtype}."),
                };
            }
            _weights.Add(name, (values, shape));
        }
    }
}
