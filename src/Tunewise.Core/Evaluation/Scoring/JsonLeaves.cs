using System.Globalization;
using System.Text.Json;
using Tunewise.Data;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Flattens JSON into (path, value) leaves for field-level comparison. Array positions become "[]", so
/// list fields compare as multisets (order rarely matters in extraction). Nulls and empty containers
/// carry no field. Values are normalized: strings NFKC, case-folded, whitespace-collapsed; numbers
/// in shortest round-trip form, so 5, 5.0 and "5" all match.
/// </summary>
public static class JsonLeaves
{
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(JsonElement element)
    {
        var leaves = new List<KeyValuePair<string, string>>();
        Walk(element, "$", leaves);
        return leaves;
    }

    private static void Walk(JsonElement element, string path, List<KeyValuePair<string, string>> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, $"{path}.{property.Name}", leaves);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Walk(item, path + "[]", leaves);
                break;
            case JsonValueKind.String:
                leaves.Add(new(path, NormalizeText(element.GetString()!)));
                break;
            case JsonValueKind.Number:
                leaves.Add(new(path, element.TryGetDouble(out var number) ? number.ToString("R", CultureInfo.InvariantCulture) : element.GetRawText()));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                leaves.Add(new(path, element.GetBoolean() ? "true" : "false"));
                break;
        }
    }

    private static string NormalizeText(string text)
    {
        var normalized = TextNormalizer.Normalize(text, TextNormalization.UnicodeNfkc | TextNormalization.IgnoreCase | TextNormalization.CollapseWhitespace);
        return double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : normalized;
    }
}
