using Tunewise.Serialization;
using Tunewise.Lab.Serialization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Tunewise.Lab.World;

public sealed record WorldManifest(int Version, ulong Seed, WorldOptions Options, IReadOnlyList<WorldFileEntry> Files)
{
    public const string FileName = "world-manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = LabJsonContext.Default };

    /// <summary>Hashes every file under <paramref name="directory"/> (except the manifest) in ordinal path order.</summary>
    public static WorldManifest Build(string directory, WorldOptions options)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(p => p != FileName)
            .Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var bytes = File.ReadAllBytes(Path.Combine(directory, p));
                return new WorldFileEntry(p, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            })
            .ToList();
        return new WorldManifest(options.Version, options.Seed, options, files);
    }

    public void Write(string directory) =>
        File.WriteAllText(Path.Combine(directory, FileName), TypedJson.Serialize(this, Json).ReplaceLineEndings("\n") + "\n");

    public static WorldManifest Read(string directory) =>
        TypedJson.Deserialize<WorldManifest>(File.ReadAllText(Path.Combine(directory, FileName)), Json)
        ?? throw new InvalidDataException($"{Path.Combine(directory, FileName)}: empty manifest.");
}
