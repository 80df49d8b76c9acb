using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Tunewise.Lab.Checkpoints;

/// <summary>
/// A memory-mapped safetensors file: 8-byte little-endian header length, a JSON header of
/// name → {dtype, shape, data_offsets} (plus optional <c>__metadata__</c>), then raw tensor bytes.
/// Tensors are copied straight from the mapping into torch storage, one at a time.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorInfo> _tensors = new(StringComparer.Ordinal);
    private bool _disposed;

    private SafeTensorsFile(string path)
    {
        Path = path;
        long fileLength = new FileInfo(path).Length;
        if (fileLength < 8) throw Invalid("the file is shorter than the 8-byte header length");
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
        try
        {
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_base, 8));
            if (headerLength > (ulong)(fileLength - 8) || headerLength > int.MaxValue)
                throw Invalid($"the header length {headerLength} is larger than the file");
            _dataStart = 8 + (long)headerLength;
            ParseHeader(new ReadOnlySpan<byte>(_base + 8, (int)headerLength), fileLength - _dataStart);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors => _tensors;

    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"Safetensors file '{path}' does not exist.");
        return new SafeTensorsFile(path);
    }

    /// <summary>A new tensor holding a copy of <paramref name="name"/>, in the file's dtype.</summary>
    public Tensor Read(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_tensors.TryGetValue(name, out var info))
            throw new UserInputException($"'{Path}' has no tensor named '{name}'.");
        var result = empty(info.Shape, info.DType);
        if (info.ByteLength > 0) CopyInto(result, info);
        return result;
    }

    private void CopyInto(Tensor destination, SafeTensorInfo info)
    {
        if (info.ByteLength > int.MaxValue)
            throw new UserInputException($"'{Path}': tensor '{info.Name}' is larger than 2 GB, which the lab engine does not load.");
        // The setter copies; the span over the read-only mapping is never written.
        destination.bytes = new Span<byte>(_base + _dataStart + info.Begin, (int)info.ByteLength);
    }

    private void ParseHeader(ReadOnlySpan<byte> header, long dataLength)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(Encoding.UTF8.GetString(header)) as JsonObject ?? throw Invalid("the header is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw Invalid($"the header is not valid JSON ({ex.Message})");
        }
        foreach (var (name, node) in root)
        {
            if (name == "__metadata__")
            {
                Metadata = (node as JsonObject ?? throw Invalid("__metadata__ is not an object"))
                    .ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "");
                continue;
            }
            if (node is not JsonObject entry) throw Invalid($"the entry for '{name}' is not an object");
            string dtypeName = entry["dtype"]?.GetValue<string>() ?? throw Invalid($"tensor '{name}' has no dtype");
            if (!SafeTensorsDType.TryParse(dtypeName, out var dtype, out int size))
                throw Invalid($"tensor '{name}' has dtype {dtypeName}; supported: {string.Join(", ", SafeTensorsDType.Names)}");
            var shape = (entry["shape"] as JsonArray ?? throw Invalid($"tensor '{name}' has no shape"))
                .Select(d => d!.GetValue<long>()).ToArray();
            var offsets = entry["data_offsets"] as JsonArray;
            if (offsets is not { Count: 2 }) throw Invalid($"tensor '{name}' needs data_offsets [begin, end]");
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            long expected = shape.Aggregate(1L, (a, b) => a * b) * size;
            if (begin < 0 || end < begin || end > dataLength)
                throw Invalid($"tensor '{name}' has data_offsets [{begin}, {end}] outside the {dataLength}-byte data section");
            if (end - begin != expected)
                throw Invalid($"tensor '{name}' has {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtypeName} needs {expected}");
            _tensors[name] = new SafeTensorInfo(name, dtypeName, dtype, shape, begin, end);
        }
    }

    private UserInputException Invalid(string problem) => new($"'{Path}' is not a valid safetensors file: {problem}.");

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
