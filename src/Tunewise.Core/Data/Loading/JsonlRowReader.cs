using Tunewise.Serialization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Tunewise.Data.Loading;

/// <summary>
/// Reads one JSON object per line. Scalars become strings (numbers and booleans as their JSON text,
/// null as empty); nested objects and arrays become compact JSON. Chat rows are flattened by
/// <see cref="ChatRowFlattener"/>.
/// </summary>
internal static class JsonlRowReader
{
    public static async IAsyncEnumerable<RawRow> ReadAsync(
        TextReader reader, string sourceName, bool chat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, new SourceLocation(sourceName, lineNumber), chat);
        }
    }

    private static RawRow Parse(string line, SourceLocation source, bool chat)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return RawRow.Malformed(source, null, $"is not valid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return RawRow.Malformed(source, null, $"must be a JSON object, found {Describe(root.ValueKind)}");
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (chat && property.Name == "messages")
                {
                    continue;
                }

                fields[property.Name] = ToText(property.Value);
            }

            if (chat)
            {
                return ChatRowFlattener.Flatten(root, fields, source);
            }

            return new RawRow(source, fields);
        }
    }

    internal static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => JsonSerializer.Serialize(value, CoreJsonContext.Default.JsonElement),
    };

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
