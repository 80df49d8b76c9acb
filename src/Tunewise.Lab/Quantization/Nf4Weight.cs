using Tunewise.Lab.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tunewise.Lab.Quantization;

/// <summary>
/// A frozen weight matrix held as NF4 codes, two per byte, in blocks of <see cref="NormalFloat4.BlockSize"/>
/// with one absmax scale per block. With double quantization the scales are themselves stored as
/// 8-bit integers in blocks of <see cref="ScaleBlockSize"/>, each with an fp32 scale, around their fp32 mean.
/// </summary>
public sealed class Nf4Weight : IDisposable
{
    /// <summary>Scales per second-level block when double quantization is on.</summary>
    public const int ScaleBlockSize = 256;

    private readonly Tensor _codes;         // uint8 [ceil(n/2)]
    private readonly Tensor? _scales;       // fp32 [blocks], without double quantization
    private readonly Tensor? _scaleCodes;   // int8 [blocks], with double quantization
    private readonly Tensor? _scaleScales;  // fp32 [ceil(blocks/256)]
    private readonly float _scaleMean;
    private readonly long _blocks;

    private Nf4Weight(long[] shape, Tensor codes, Tensor? scales, Tensor? scaleCodes, Tensor? scaleScales, float scaleMean, long blocks)
    {
        Shape = shape;
        _codes = codes;
        _scales = scales;
        _scaleCodes = scaleCodes;
        _scaleScales = scaleScales;
        _scaleMean = scaleMean;
        _blocks = blocks;
    }

    public long[] Shape { get; }

    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public bool DoubleQuantized => _scaleCodes is not null;

    /// <summary>Bytes actually held: packed codes plus scales (and second-level scales).</summary>
    public long BytesHeld =>
        _codes.NumberOfElements
        + (_scales?.NumberOfElements ?? 0) * 4
        + (_scaleCodes?.NumberOfElements ?? 0)
        + (_scaleScales?.NumberOfElements ?? 0) * 4
        + (DoubleQuantized ? 4 : 0);

    /// <summary>Bytes the same weight takes in fp32.</summary>
    public long Fp32Bytes => ElementCount * 4;

    public static Nf4Weight Quantize(Tensor weight, bool doubleQuantize)
    {
        TorchRuntime.EnsureLoadable();
        var shape = weight.shape;
        float[] values;
        using (no_grad())
        using (var flat = weight.detach().to(ScalarType.Float32).cpu().contiguous().flatten())
        {
            values = flat.data<float>().ToArray();
        }

        var n = values.LongLength;
        var blocks = (n + NormalFloat4.BlockSize - 1) / NormalFloat4.BlockSize;
        var absmax = new float[blocks];
        var packed = new byte[(n + 1) / 2];
        for (long b = 0; b < blocks; b++)
        {
            var start = b * NormalFloat4.BlockSize;
            var end = Math.Min(n, start + NormalFloat4.BlockSize);
            var max = 0f;
            for (var i = start; i < end; i++) max = Math.Max(max, Math.Abs(values[i]));
            absmax[b] = max;
            var inverse = max > 0 ? 1f / max : 0f;
            for (var i = start; i < end; i++)
            {
                var code = NormalFloat4.NearestCode(values[i] * inverse);
                // Even elements in the high nibble, odd elements in the low nibble.
                if ((i & 1) == 0) packed[i >> 1] = (byte)(code << 4);
                else packed[i >> 1] |= code;
            }
        }

        // Padding elements of an odd-length tensor stay code 0 and are cut off after dequantization.
        var codes = tensor(packed, dtype: ScalarType.Byte);
        if (!doubleQuantize)
            return new Nf4Weight(shape, codes, tensor(absmax), null, null, 0, blocks);

        var mean = (float)absmax.Average();
        var scaleBlocks = (blocks + ScaleBlockSize - 1) / ScaleBlockSize;
        var scaleCodes = new sbyte[blocks];
        var scaleScales = new float[scaleBlocks];
        for (long s = 0; s < scaleBlocks; s++)
        {
            var start = s * ScaleBlockSize;
            var end = Math.Min(blocks, start + ScaleBlockSize);
            var max = 0f;
            for (var i = start; i < end; i++) max = Math.Max(max, Math.Abs(absmax[i] - mean));
            var step = max > 0 ? max / 127f : 1f;
            scaleScales[s] = step;
            for (var i = start; i < end; i++)
                scaleCodes[i] = (sbyte)Math.Clamp(MathF.Round((absmax[i] - mean) / step), -127, 127);
        }
        return new Nf4Weight(shape, codes, null, tensor(scaleCodes, dtype: ScalarType.Int8), tensor(scaleScales), mean, blocks);
    }

    /// <summary>The per-block absmax scales as used by dequantization (reconstructed when double quantized).</summary>
    public Tensor BlockScales()
    {
        if (_scales is not null) return _scales.alias();
        using var scope = NewDisposeScope();
        var perBlock = _scaleScales!.repeat_interleave(ScaleBlockSize)[..(int)_blocks];
        return (_scaleCodes!.to(ScalarType.Float32) * perBlock + _scaleMean).MoveToOuterDisposeScope();
    }

    /// <summary>The fp32 weight, rebuilt from codes and scales.</summary>
    public Tensor Dequantize()
    {
        using var scope = NewDisposeScope();
        // One gather per byte: row b of the table holds the values of b's high and low nibble.
        var pairs = ByteTable.Value.index_select(0, _codes.to(ScalarType.Int64)).flatten();
        var padded = _blocks * NormalFloat4.BlockSize;
        if (pairs.shape[0] < padded)
            pairs = nn.functional.pad(pairs, [0, padded - pairs.shape[0]]);
        var values = pairs[..(int)padded].view(_blocks, NormalFloat4.BlockSize) * BlockScales().unsqueeze(1);
        return values.flatten()[..(int)ElementCount].view(Shape).MoveToOuterDisposeScope();
    }

    private static readonly Lazy<Tensor> ByteTable = new(() =>
    {
        var book = NormalFloat4.CodeBook;
        var table = new float[256 * 2];
        for (var b = 0; b < 256; b++)
        {
            table[2 * b] = book[b >> 4];
            table[2 * b + 1] = book[b & 15];
        }
        var result = tensor(table, [256, 2]);
        result.DetachFromDisposeScope();
        return result;
    });

    public void Dispose()
    {
        _codes.Dispose();
        _scales?.Dispose();
        _scaleCodes?.Dispose();
        _scaleScales?.Dispose();
    }
}
