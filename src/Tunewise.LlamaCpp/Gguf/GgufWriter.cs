using System.Collections.Immutable;
using System.Text;

namespace Tunewise.LlamaCpp.Gguf;

/// <summary>
/// Writes GGUF version 3 files: header, typed metadata, tensor descriptors and aligned tensor data,
/// little-endian, as llama.cpp reads them. The architecture is written as <c>general.architecture</c>;
/// architecture-specific keys (<c>llama.block_count</c>, …) and tokenizer keys are ordinary metadata.
/// </summary>
public sealed class GgufWriter
{
    public const uint Version = 3;
    public const uint DefaultAlignment = 32;
    public static ReadOnlySpan<byte> Magic => "GGUF"u8;

    private readonly List<KeyValuePair<string, GgufValue>> _metadata = [];
    private readonly List<GgufTensor> _tensors = [];

    public GgufWriter(string architecture, uint alignment = DefaultAlignment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a power of two.");
        }

        Architecture = architecture;
        Alignment = alignment;
        Add("general.architecture", GgufValue.String(architecture));
        if (alignment != DefaultAlignment)
        {
            Add("general.alignment", GgufValue.UInt32(alignment));
        }
    }

    public string Architecture { get; }

    public uint Alignment { get; }

    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata => _metadata;

    public IReadOnlyList<GgufTensor> Tensors => _tensors;

    /// <summary>Adds a metadata entry; a key may appear once.</summary>
    public GgufWriter Add(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_metadata.Any(kv => kv.Key == key))
        {
            throw new ArgumentException($"metadata key '{key}' is already set.", nameof(key));
        }

        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>Adds a tensor. <paramref name="shape"/> is row-major, outermost first.</summary>
    public GgufWriter AddTensor(string name, long[] shape, float[] data, GgufTensorType type = GgufTensorType.F32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length is 0 or > 4 || shape.Any(d => d <= 0))
        {
            throw new ArgumentException($"tensor '{name}': shape must have 1 to 4 positive dimensions.", nameof(shape));
        }

        var tensor = new GgufTensor(name, [.. shape], data, type);
        if (tensor.ElementCount != data.Length)
        {
            throw new ArgumentException($"tensor '{name}': shape holds {tensor.ElementCount} elements but {data.Length} were given.", nameof(data));
        }

        if (_tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"tensor '{name}' is already added.", nameof(name));
        }

        _tensors.Add(tensor);
        return this;
    }

    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // Written to a side file and moved into place, so a reader never sees half a model.
        var partial = path + ".partial";
        await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await WriteAsync(stream, cancellationToken);
        }

        File.Move(partial, path, overwrite: true);
    }

    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write((ulong)_tensors.Count);
            writer.Write((ulong)_metadata.Count);
            foreach (var (key, value) in _metadata)
            {
                WriteString(writer, key);
                writer.Write((uint)value.Type);
                WriteValue(writer, value);
            }

            ulong offset = 0;
            foreach (var tensor in _tensors)
            {
                WriteString(writer, tensor.Name);
                writer.Write((uint)tensor.Shape.Length);
                for (var i = tensor.Shape.Length - 1; i >= 0; i--)
                {
                    writer.Write((ulong)tensor.Shape[i]);
                }

                writer.Write((uint)tensor.Type);
                writer.Write(offset);
                offset = Align(offset + (ulong)tensor.ByteCount);
            }

            writer.Flush();
            Pad(writer, header.Length);
        }

        header.Position = 0;
        await header.CopyToAsync(stream, cancellationToken);
        foreach (var tensor in _tensors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = Encode(tensor);
            await stream.WriteAsync(bytes, cancellationToken);
            var padding = (int)(Align((ulong)bytes.Length) - (ulong)bytes.Length);
            if (padding > 0)
            {
                await stream.WriteAsync(new byte[padding], cancellationToken);
            }
        }

        await stream.FlushAsync(cancellationToken);
    }

    private ulong Align(ulong position) => (position + Alignment - 1) / Alignment * Alignment;

    private void Pad(BinaryWriter writer, long position)
    {
        var padding = (long)Align((ulong)position) - position;
        for (var i = 0; i < padding; i++)
        {
            writer.Write((byte)0);
        }
    }

    private static byte[] Encode(GgufTensor tensor)
    {
        if (tensor.Type == GgufTensorType.F32)
        {
            var bytes = new byte[tensor.Data.Length * 4];
            for (var i = 0; i < tensor.Data.Length; i++)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), tensor.Data[i]);
            }

            return bytes;
        }

        var half = new byte[tensor.Data.Length * 2];
        for (var i = 0; i < tensor.Data.Length; i++)
        {
            BitConverter.TryWriteBytes(half.AsSpan(i * 2), (Half)tensor.Data[i]);
        }

        return half;
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        switch (value.Type)
        {
            case GgufValueType.UInt8: writer.Write((byte)value.Value); break;
            case GgufValueType.Int8: writer.Write((sbyte)value.Value); break;
            case GgufValueType.UInt16: writer.Write((ushort)value.Value); break;
            case GgufValueType.Int16: writer.Write((short)value.Value); break;
            case GgufValueType.UInt32: writer.Write((uint)value.Value); break;
            case GgufValueType.Int32: writer.Write((int)value.Value); break;
            case GgufValueType.UInt64: writer.Write((ulong)value.Value); break;
            case GgufValueType.Int64: writer.Write((long)value.Value); break;
            case GgufValueType.Float32: writer.Write((float)value.Value); break;
            case GgufValueType.Float64: writer.Write((double)value.Value); break;
            case GgufValueType.Bool: writer.Write((bool)value.Value ? (byte)1 : (byte)0); break;
            case GgufValueType.String: WriteString(writer, (string)value.Value); break;
            case GgufValueType.Array:
                var items = (ImmutableArray<GgufValue>)value.Value;
                writer.Write((uint)value.ElementType!.Value);
                writer.Write((ulong)items.Length);
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                break;
            default:
                throw new InvalidOperationException($"unknown GGUF value type {value.Type}.");
        }
    }
}
