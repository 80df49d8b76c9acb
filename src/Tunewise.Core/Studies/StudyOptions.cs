using System.Collections.Immutable;
using System.Text.Json;

namespace Tunewise.Studies;

/// <summary>
/// An open-ended section of a study (<c>robustness</c>, <c>optimization</c>): kept as JSON so the
/// stage that owns it can read its own keys and evolve without changing the study model.
/// </summary>
public sealed class StudyOptions
{
    private StudyOptions(JsonElement? value) => Value = value;

    public static StudyOptions None { get; } = new(null);

    public static StudyOptions FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new StudyOptions(document.RootElement.Clone());
    }

    /// <summary>The section as JSON, or null when the study leaves it out.</summary>
    public JsonElement? Value { get; }

    public bool IsPresent => Value is not null;

    /// <summary>The top-level keys of the section, when it is a map.</summary>
    public ImmutableArray<string> Keys => Value is { ValueKind: JsonValueKind.Object } obj
        ? [.. obj.EnumerateObject().Select(p => p.Name)]
        : [];

    public bool TryGet(string key, out JsonElement value)
    {
        if (Value is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(key, out value))
        {
            return true;
        }
        value = default;
        return false;
    }

    public override string ToString() => Value?.GetRawText() ?? "{}";
}
