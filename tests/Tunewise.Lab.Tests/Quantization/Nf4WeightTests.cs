using TorchSharp;
using Tunewise.Lab.Quantization;
using Tunewise.Lab.Tests.Support;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Quantization;

public class Nf4WeightTests : TorchTest
{
    [Fact]
    public void Code_book_is_sorted_symmetric_in_range_and_holds_zero()
    {
        var book = NormalFloat4.CodeBook.ToArray();
        Assert.Equal(16, book.Length);
        Assert.Equal(-1f, book[0]);
        Assert.Equal(1f, book[^1]);
        Assert.Equal(0f, book[7]);
        Assert.True(book.Zip(book.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void Dequantization_error_stays_within_half_the_widest_code_gap_per_block()
    {
        random.manual_seed(3);
        using var weight = randn(96, 130) * 0.02f; // an odd number of blocks' worth, to cover the tail block
        using var nf4 = Nf4Weight.Quantize(weight, doubleQuantize: false);
        using var restored = nf4.Dequantize();
        Assert.Equal(weight.shape, restored.shape);

        var original = weight.flatten().data<float>().ToArray();
        var back = restored.flatten().data<float>().ToArray();
        var bound = NormalFloat4.MaxNormalisedError;
        double meanError = 0;
        for (var start = 0; start < original.Length; start += NormalFloat4.BlockSize)
        {
            var end = Math.Min(original.Length, start + NormalFloat4.BlockSize);
            var scale = 0f;
            for (var i = start; i < end; i++) scale = Math.Max(scale, Math.Abs(original[i]));
            for (var i = start; i < end; i++)
            {
                var error = Math.Abs(original[i] - back[i]);
                Assert.True(error <= scale * bound + 1e-7f, $"element {i}: error {error} exceeds {scale * bound}");
                meanError += error;
            }
        }
        meanError /= original.Length;
        // For Gaussian weights NF4's mean absolute error is about 4% of the typical block absmax
        // (~2.5σ for 64 samples); allow some slack but catch a wrong code book or a packing slip.
        Assert.True(meanError < 0.1 * 0.02, $"mean error {meanError}");
        Assert.True(meanError > 0, "quantization cannot be lossless on Gaussian weights");
    }

    [Fact]
    public void Double_quantized_scales_stay_close_and_bytes_fall_below_three_tenths_of_fp32()
    {
        random.manual_seed(4);
        using var weight = randn(256, 256) * 0.05f;
        using var plain = Nf4Weight.Quantize(weight, doubleQuantize: false);
        using var dq = Nf4Weight.Quantize(weight, doubleQuantize: true);
        using var plainScales = plain.BlockScales();
        using var dqScales = dq.BlockScales();
        var scaleError = (plainScales - dqScales).abs().max().item<float>();
        var largestScale = plainScales.max().item<float>();
        Assert.True(scaleError <= largestScale / 127, $"scale error {scaleError}");

        using var restored = dq.Dequantize();
        var meanError = (restored - weight).abs().mean().item<float>();
        Assert.True(meanError < 0.1 * 0.05, $"mean error {meanError}");

        Assert.True(plain.BytesHeld <= 0.3 * plain.Fp32Bytes, $"{plain.BytesHeld} vs {plain.Fp32Bytes}");
        Assert.True(dq.BytesHeld < plain.BytesHeld);
        Assert.Equal(256 * 256 / 2, dq.BytesHeld - (256 * 256 / 64) - 4 * (256 * 256 / 64 / 256) - 4);
    }

    [Fact]
    public void Nf4_linear_tracks_the_fp32_layer_it_replaced()
    {
        random.manual_seed(5);
        using var linear = nn.Linear(64, 48);
        using var input = randn(4, 64);
        using var expected = linear.call(input);
        using var nf4 = Nf4Linear.FromLinear(linear);
        using var actual = nf4.call(input);
        var relative = ((actual - expected).norm() / expected.norm()).item<float>();
        Assert.True(relative < 0.15, $"relative error {relative}");
        Assert.Empty(nf4.parameters());
    }
}
