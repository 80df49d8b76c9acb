using System.Text;

namespace Tunewise.Lab.Tests.Tokenization;

/// <summary>
/// The tokenizer metadata of a GGUF file (<c>tokenizer.ggml.*</c>): tokens, their types, and merges
/// or scores. Only the metadata section is read; vocabulary-only files have no tensors anyway.
/// </summary>
public sealed class GgufVocabulary
{
    public const int NormalToken = 1, UnknownToken = 2, ControlToken = 3, UserDefinedToken = 4, ByteToken = 6;

    private GgufVocabulary(Dictionary<string, object> metadata) => Metadata = metadata;

    public IReadOnlyDictionary<string, object> Metadata { get; }

    public string Model => (string)Metadata["tokenizer.ggml.model"];

    public IReadOnlyList<string> Tokens => ((object[])Metadata["tokenizer.ggml.tokens"]).Cast<string>().ToList();

    public IReadOnlyList<int> TokenTypes => ((object[])Metadata["tokenizer.ggml.token_type"]).Select(Convert.ToInt32).ToList();

    public IReadOnlyList<string> Merges => Metadata.TryGetValue("tokenizer.ggml.merges", out var m) ? ((object[])m).Cast<string>().ToList() : [];

    public IReadOnlyList<float> Scores => Metadata.TryGetValue("tokenizer.ggml.scores", out var s) ? ((object[])s).Cast<float>().ToList() : [];

    public static GgufVocabulary Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (reader.ReadUInt32() != 0x46554747) throw new InvalidDataException($"'{path}' is not a GGUF file.");
        uint version = reader.ReadUInt32();
        if (version is < 2 or > 3) throw new InvalidDataException($"'{path}': GGUF version {version} is not read here.");
        _ = reader.ReadUInt64();
        ulong count = reader.ReadUInt64();
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (ulong i = 0; i < count; i++)
        {
            string key = ReadString(reader);
            metadata[key] = ReadValue(reader, reader.ReadUInt32());
        }
        return new GgufVocabulary(metadata);
    }

    private static object ReadValue(BinaryReader reader, uint type) => type switch
    {
        0 => reader.ReadByte(),
        1 => reader.ReadSByte(),
        2 => reader.ReadUInt16(),
        3 => reader.ReadInt16(),
        4 => reader.ReadUInt32(),
        5 => reader.ReadInt32(),
        6 => reader.ReadSingle(),
        7 => reader.ReadByte() != 0,
        8 => ReadString(reader),
        9 => ReadArray(reader),
        10 => reader.ReadUInt64(),
        11 => reader.ReadInt64(),
        12 => reader.ReadDouble(),
        _ => throw new InvalidDataException($"GGUF value type {type} is unknown."),
    };

    private static object[] ReadArray(BinaryReader reader)
    {
        uint elementType = reader.ReadUInt32();
        var items = new object[checked((int)reader.ReadUInt64())];
        for (int i = 0; i < items.Length; i++) items[i] = ReadValue(reader, elementType);
        return items;
    }

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes(checked((int)reader.ReadUInt64())));
}
