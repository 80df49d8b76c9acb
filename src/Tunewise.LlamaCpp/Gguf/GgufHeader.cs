using System.Buffers.Binary;

namespace Tunewise.LlamaCpp.Gguf;

/// <summary>
/// The fixed start of a GGUF file. Read before a path is handed to native code, so a wrong or
/// truncated file fails with a message rather than inside llama.cpp.
/// </summary>
public sealed record GgufHeader(uint Version, ulong TensorCount, ulong MetadataCount)
{
    public const int Size = 24;

    /// <exception cref="GgufModelException">The file is missing, too short, not GGUF, or of an unsupported version.</exception>
    public static GgufHeader Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new GgufModelException(path, Directory.Exists(path)
                ? $"GGUF model '{path}' is a directory; expected a .gguf file."
                : $"GGUF model file '{path}' does not exist.");
        }

        Span<byte> header = stackalloc byte[Size];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(header, Size, throwOnEndOfStream: false);
        }

        if (read < 4 || !header[..4].SequenceEqual(GgufWriter.Magic))
        {
            var start = Convert.ToHexString(header[..Math.Min(read, 4)]);
            throw new GgufModelException(path,
                $"'{path}' is not a GGUF file: it starts with bytes {(start.Length == 0 ? "(none, the file is empty)" : start)}, " +
                "expected the magic 'GGUF' (47475546). Convert the model to GGUF (llama.cpp's convert_hf_to_gguf.py) or pick the .gguf file.");
        }

        if (read < Size)
        {
            throw new GgufModelException(path, $"'{path}' is a truncated GGUF file: {read} bytes, the header alone needs {Size}.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version is < 2 or > GgufWriter.Version)
        {
            throw new GgufModelException(path, $"'{path}' is GGUF version {version}; llama.cpp reads versions 2 and 3.");
        }

        return new GgufHeader(version, BinaryPrimitives.ReadUInt64LittleEndian(header[8..]), BinaryPrimitives.ReadUInt64LittleEndian(header[16..]));
    }
}
