using System.Text.Json;
using Tunewise.Serialization;

namespace Tunewise.Storage;

/// <summary>
/// How a result's retrieved document ids are kept: their own column, a JSON array in rank order. Stores written before
/// that column existed appended them to the stored prompt as a last line, <c>[retrieved documents: a | b]</c>; reading
/// such a row splits that line off, so an old store still reports retrieval recall.
/// </summary>
public static class RetrievedDocuments
{
    /// <summary>Starts the line that lists a prompt's retrieved documents, as old stores kept it and results.jsonl shows it.</summary>
    public const string Marker = "[retrieved documents: ";

    private const string Separator = " | ";

    private static readonly JsonSerializerOptions ColumnJson = new() { TypeInfoResolver = CoreJsonContext.Default };

    /// <summary>The prompt with its retrieved documents as a last line: the form results.jsonl has always shown.</summary>
    public static string? DescribeInPrompt(string? prompt, IReadOnlyList<string>? ids) =>
        prompt is null || ids is null ? prompt : prompt + "\n\n" + Marker + string.Join(Separator, ids) + "]";

    internal static string? ToColumn(IReadOnlyList<string>? ids) => ids is null ? null : TypedJson.Serialize(ids.ToArray(), ColumnJson);

    /// <summary>A stored row's prompt and retrieved ids, from the column when it is set, else from an old row's last prompt line.</summary>
    internal static (string? Prompt, IReadOnlyList<string>? Ids) Read(string? prompt, string? column)
    {
        if (column is not null)
            return (prompt, TypedJson.Deserialize<string[]>(column, ColumnJson) ?? []);
        if (prompt is null || !prompt.EndsWith(']'))
            return (prompt, null);
        var at = prompt.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
            return (prompt, null);
        var ids = prompt[(at + Marker.Length)..^1].Split(Separator, StringSplitOptions.RemoveEmptyEntries);
        var text = prompt[..at];
        return (text.EndsWith("\n\n", StringComparison.Ordinal) ? text[..^2] : text, ids);
    }
}
