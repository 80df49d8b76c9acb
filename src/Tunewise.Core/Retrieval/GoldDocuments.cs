using Tunewise.Serialization;
using System.Text.Json;

namespace Tunewise.Retrieval;

/// <summary>
/// Reads the gold document id(s) of an example field: one id, several separated by <c>|</c> or
/// <c>;</c>, or a JSON array of strings.
/// </summary>
public static class GoldDocuments
{
    public const string DefaultField = "gold_doc";

    public static IReadOnlyList<string> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                var ids = JsonSerializer.Deserialize(trimmed, CoreJsonContext.Default.StringArray);
                if (ids is not null)
                    return ids.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToArray();
            }
            catch (JsonException)
            {
                // Not a JSON array after all: fall through and read it as a plain id list.
            }
        }
        return trimmed.Split(['|', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToArray();
    }
}
