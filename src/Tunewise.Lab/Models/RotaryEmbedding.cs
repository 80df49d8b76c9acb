using static TorchSharp.torch;

namespace Tunewise.Lab.Models;

/// <summary>
/// Rotary position embeddings in the rotate-half layout (first half of each head's dimensions
/// pairs with the second half), with the frequency schedule of <c>rope_theta</c> and <c>rope_scaling</c>.
/// Not a module: it has no weights, so nothing of it appears in a checkpoint.
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly float[] _inverseFrequencies;

    public RotaryEmbedding(LlamaConfig config)
    {
        _inverseFrequencies = InverseFrequencies(config);
    }

    public IReadOnlyList<float> InverseFrequencyValues => _inverseFrequencies;

    /// <summary>The frequency of each dimension pair, after scaling.</summary>
    public static float[] InverseFrequencies(LlamaConfig config)
    {
        int half = config.HeadDim / 2;
        var frequencies = new double[half];
        for (int i = 0; i < half; i++)
        {
            frequencies[i] = 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.HeadDim);
        }
        if (config.RopeScaling is { Type: "linear" } linear)
        {
            for (int i = 0; i < half; i++) frequencies[i] /= linear.Factor;
        }
        else if (config.RopeScaling is { Type: "llama3" } llama3)
        {
            double lowFrequencyWavelength = llama3.OriginalMaxPositionEmbeddings / llama3.LowFreqFactor;
            double highFrequencyWavelength = llama3.OriginalMaxPositionEmbeddings / llama3.HighFreqFactor;
            for (int i = 0; i < half; i++)
            {
                double wavelength = 2 * Math.PI / frequencies[i];
                if (wavelength > lowFrequencyWavelength)
                {
                    frequencies[i] /= llama3.Factor;
                }
                else if (wavelength >= highFrequencyWavelength)
                {
                    // Between the two bands, blend the scaled and unscaled frequency smoothly.
                    double smooth = (llama3.OriginalMaxPositionEmbeddings / wavelength - llama3.LowFreqFactor)
                        / (llama3.HighFreqFactor - llama3.LowFreqFactor);
                    frequencies[i] = (1 - smooth) * frequencies[i] / llama3.Factor + smooth * frequencies[i];
                }
            }
        }
        return frequencies.Select(f => (float)f).ToArray();
    }

    /// <summary>cos and sin of shape [batch, 1, length, head_dim] for integer positions [batch, length].</summary>
    public (Tensor Cos, Tensor Sin) For(Tensor positionIds, ScalarType dtype)
    {
        using var inverse = tensor(_inverseFrequencies, device: positionIds.device);
        var angles = positionIds.to_type(ScalarType.Float32).unsqueeze(-1) * inverse;
        var doubled = cat([angles, angles], -1).unsqueeze(1);
        return (doubled.cos().to_type(dtype), doubled.sin().to_type(dtype));
    }

    /// <summary>x·cos + rotate_half(x)·sin, where rotate_half(x) = [-x₂, x₁].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        long half = x.shape[^1] / 2;
        var first = x.narrow(-1, 0, half);
        var second = x.narrow(-1, half, half);
        var rotated = cat([-second, first], -1);
        return x * cos + rotated * sin;
    }
}
