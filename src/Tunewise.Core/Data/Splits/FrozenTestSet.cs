using Tunewise.Serialization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tunewise.Data.Splits;

/// <summary>
/// The held-out test set, fixed before any arm runs: its ids, the content hash of each example, and
/// one hash over all of them (independent of order). A changed test file shows up as a changed
/// <see cref="Hash"/>; <see cref="TestSetGuard"/> uses the ids and content hashes to refuse leaks.
/// </summary>
public sealed record FrozenTestSet
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = CoreJsonContext.Default,
    };

    [JsonPropertyName("ids")]
    public required IReadOnlyList<string> Ids { get; init; }

    [JsonPropertyName("hash")]
    public required string Hash { get; init; }

    /// <summary>Content hash of each test example (same order as <see cref="Ids"/>).</summary>
    [JsonPropertyName("content_hashes")]
    public required IReadOnlyList<string> ContentHashes { get; init; }

    /// <summary>The id column left out of content hashes, when the data has one.</summary>
    [JsonPropertyName("id_field")]
    public string? IdField { get; init; }

    /// <summary>
    /// When set, content hashes cover only these fields (normally the input and gold fields), so a
    /// copy with extra or different bookkeeping columns is still recognised.
    /// </summary>
    [JsonPropertyName("content_fields")]
    public IReadOnlyList<string>? ContentFields { get; init; }

    [JsonPropertyName("count")]
    public int Count => Ids.Count;

    public static FrozenTestSet Create(IEnumerable<Example> testExamples, string? idField = null, IReadOnlyList<string>? contentFields = null)
    {
        var entries = testExamples
            .Select(e => (e.Id, Content: ContentHash(e, idField, contentFields)))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new FrozenTestSet
        {
            Ids = entries.Select(e => e.Id).ToArray(),
            ContentHashes = entries.Select(e => e.Content).ToArray(),
            Hash = HashOf(entries.Select(e => e.Content)),
            IdField = idField,
            ContentFields = contentFields,
        };
    }

    /// <summary>The content hash of <paramref name="example"/> as this frozen set computes it.</summary>
    public string ContentHashOf(Example example) => ContentHash(example, IdField, ContentFields);

    /// <summary>Whether <paramref name="examples"/> are exactly the frozen test set (same ids, same content).</summary>
    public bool Matches(IEnumerable<Example> examples) => Create(examples, IdField, ContentFields).Hash == Hash;

    public string ToJson() => TypedJson.Serialize(this, JsonOptions);

    public static FrozenTestSet FromJson(string json, string sourceName = "frozen test set")
    {
        try
        {
            return TypedJson.Deserialize<FrozenTestSet>(json, JsonOptions)
                ?? throw new UserInputException($"{sourceName}: empty frozen test set");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{sourceName}: not a frozen test set ({ex.Message})", ex);
        }
    }

    public async Task SaveAsync(string path, CancellationToken cancellationToken = default) =>
        await File.WriteAllTextAsync(path, ToJson() + "\n", cancellationToken).ConfigureAwait(false);

    public static async Task<FrozenTestSet> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        FromJson(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);

    private static string ContentHash(Example example, string? idField, IReadOnlyList<string>? contentFields) =>
        contentFields is { Count: > 0 } ? ExampleContent.Hash(example.Fields, contentFields) : ExampleContent.Hash(example.Fields, idField);

    // Sorting the per-example hashes makes the set hash independent of row order.
    private static string HashOf(IEnumerable<string> contentHashes) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', contentHashes.Order(StringComparer.Ordinal)))));
}
