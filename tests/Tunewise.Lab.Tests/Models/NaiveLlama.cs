using Tunewise.Lab.Models;

namespace Tunewise.Lab.Tests.Models;

/// <summary>
/// An independent Llama forward pass in plain loops, straight from the equations, used to check
/// the TorchSharp model. Weights are row-major [out, in] as in the checkpoint.
/// </summary>
internal sealed class NaiveLlama(LlamaConfig config, IReadOnlyDictionary<string, float[]> weights)
{
    public float[][] Logits(int[] tokens)
    {
        int d = config.HiddenSize, heads = config.NumAttentionHeads, kvHeads = config.NumKeyValueHeads, hd = config.HeadDim;
        int n = tokens.Length;
        var embed = weights["model.embed_tokens.weight"];
        var x = new float[n][];
        for (int t = 0; t < n; t++) x[t] = embed.AsSpan(tokens[t] * d, d).ToArray();
        var inverse = RotaryEmbedding.InverseFrequencies(config);

        for (int l = 0; l < config.NumHiddenLayers; l++)
        {
            string p = $"model.layers.{l}.";
            var normed = x.Select(v => RmsNorm(v, weights[p + "input_layernorm.weight"])).ToArray();
            var q = normed.Select(v => MatVec(weights[p + "self_attn.q_proj.weight"], v)).ToArray();
            var k = normed.Select(v => MatVec(weights[p + "self_attn.k_proj.weight"], v)).ToArray();
            var v2 = normed.Select(v => MatVec(weights[p + "self_attn.v_proj.weight"], v)).ToArray();
            for (int t = 0; t < n; t++)
            {
                for (int h = 0; h < heads; h++) Rope(q[t], h * hd, hd, t, inverse);
                for (int h = 0; h < kvHeads; h++) Rope(k[t], h * hd, hd, t, inverse);
            }
            var attended = new float[n][];
            for (int t = 0; t < n; t++)
            {
                attended[t] = new float[heads * hd];
                for (int h = 0; h < heads; h++)
                {
                    int kv = h / (heads / kvHeads);
                    var scores = new double[t + 1];
                    for (int s = 0; s <= t; s++)
                    {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) dot += q[t][h * hd + i] * k[s][kv * hd + i];
                        scores[s] = dot / Math.Sqrt(hd);
                    }
                    double max = scores.Max();
                    var probabilities = scores.Select(sc => Math.Exp(sc - max)).ToArray();
                    double sum = probabilities.Sum();
                    for (int i = 0; i < hd; i++)
                    {
                        double acc = 0;
                        for (int s = 0; s <= t; s++) acc += probabilities[s] / sum * v2[s][kv * hd + i];
                        attended[t][h * hd + i] = (float)acc;
                    }
                }
            }
            for (int t = 0; t < n; t++)
            {
                var o = MatVec(weights[p + "self_attn.o_proj.weight"], attended[t]);
                for (int i = 0; i < d; i++) x[t][i] += o[i];
                var h2 = RmsNorm(x[t], weights[p + "post_attention_layernorm.weight"]);
                var gate = MatVec(weights[p + "mlp.gate_proj.weight"], h2);
                var up = MatVec(weights[p + "mlp.up_proj.weight"], h2);
                var act = gate.Select((g, i) => (float)(g / (1 + Math.Exp(-g)) * up[i])).ToArray();
                var down = MatVec(weights[p + "mlp.down_proj.weight"], act);
                for (int i = 0; i < d; i++) x[t][i] += down[i];
            }
        }
        var head = weights.TryGetValue("lm_head.weight", out var lm) ? lm : embed;
        return x.Select(v => MatVec(head, RmsNorm(v, weights["model.norm.weight"]))).ToArray();
    }

    private float[] RmsNorm(float[] v, float[] weight)
    {
        double meanSquare = v.Sum(a => (double)a * a) / v.Length;
        double scale = 1.0 / Math.Sqrt(meanSquare + config.RmsNormEps);
        return v.Select((a, i) => (float)(a * scale * weight[i])).ToArray();
    }

    private static void Rope(float[] vector, int offset, int hd, int position, float[] inverse)
    {
        int half = hd / 2;
        for (int i = 0; i < half; i++)
        {
            double angle = position * (double)inverse[i];
            double a = vector[offset + i], b = vector[offset + half + i];
            vector[offset + i] = (float)(a * Math.Cos(angle) - b * Math.Sin(angle));
            vector[offset + half + i] = (float)(b * Math.Cos(angle) + a * Math.Sin(angle));
        }
    }

    private static float[] MatVec(float[] matrix, float[] vector)
    {
        int inputs = vector.Length, outputs = matrix.Length / inputs;
        var result = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double acc = 0;
            for (int i = 0; i < inputs; i++) acc += matrix[o * inputs + i] * vector[i];
            result[o] = (float)acc;
        }
        return result;
    }
}
