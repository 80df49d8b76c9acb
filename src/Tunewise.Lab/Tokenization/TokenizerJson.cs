using System.Text.Json.Nodes;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// Reads parts of a <c>tokenizer.json</c> so that every error names the file and the JSON path of the
/// offending field, and, for a component of an unsupported kind, the kinds that are supported.
/// </summary>
internal sealed class TokenizerJson(string file)
{
    public string File => file;

    public UserInputException Error(string jsonPath, string message) => new($"'{file}': {jsonPath}: {message}");

    public UserInputException UnsupportedKind(string jsonPath, string? kind, string component, IEnumerable<string> supported) =>
        Error($"{jsonPath}.type", $"the {component} kind '{kind ?? "(missing)"}' is not supported; supported kinds are {string.Join(", ", supported)}.");

    public string? Kind(JsonNode node, string jsonPath) => OptionalString(node, "type", jsonPath);

    public string? OptionalString(JsonNode node, string field, string jsonPath) => node[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw Error($"{jsonPath}.{field}", $"expected a string, got {other.ToJsonString()}."),
    };

    public string RequiredString(JsonNode node, string field, string jsonPath) =>
        OptionalString(node, field, jsonPath) ?? throw Error($"{jsonPath}.{field}", "the field is missing.");

    public bool Bool(JsonNode node, string field, string jsonPath, bool fallback) => node[field] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw Error($"{jsonPath}.{field}", $"expected true or false, got {other.ToJsonString()}."),
    };

    public int Int(JsonNode node, string field, string jsonPath, int fallback) => node[field] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        var other => throw Error($"{jsonPath}.{field}", $"expected a whole number, got {other.ToJsonString()}."),
    };

    public JsonArray Array(JsonNode node, string field, string jsonPath) =>
        node[field] as JsonArray ?? throw Error($"{jsonPath}.{field}", "expected a list.");

    /// <summary>A pattern object <c>{"String": …}</c> or <c>{"Regex": …}</c>, as a .NET regex.</summary>
    public System.Text.RegularExpressions.Regex Pattern(JsonNode node, string jsonPath)
    {
        var pattern = node["pattern"] as JsonObject ?? throw Error($"{jsonPath}.pattern", "expected {\"String\": …} or {\"Regex\": …}.");
        if (OptionalString(pattern, "String", $"{jsonPath}.pattern") is { } literal)
            return new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(literal));
        if (OptionalString(pattern, "Regex", $"{jsonPath}.pattern") is { } regex) return RegexPattern(regex, $"{jsonPath}.pattern.Regex");
        throw Error($"{jsonPath}.pattern", "expected {\"String\": …} or {\"Regex\": …}.");
    }

    public System.Text.RegularExpressions.Regex RegexPattern(string pattern, string jsonPath)
    {
        // Hugging Face patterns use possessive quantifiers, which .NET lacks; an atomic group means the same.
        var converted = System.Text.RegularExpressions.Regex.Replace(pattern, @"(\\p\{\w+\}|\[[^\]]*\]|\\.|.)(\?|\+|\*)\+", "(?>$1$2)");
        try
        {
            return new System.Text.RegularExpressions.Regex(converted, System.Text.RegularExpressions.RegexOptions.Compiled);
        }
        catch (ArgumentException ex)
        {
            throw Error(jsonPath, $"the regex cannot be used ({ex.Message}).");
        }
    }

    /// <summary>A single character field such as Metaspace's <c>replacement</c>.</summary>
    public string Character(JsonNode node, string field, string jsonPath, string fallback)
    {
        string value = OptionalString(node, field, jsonPath) ?? fallback;
        if (value.Length == 0) throw Error($"{jsonPath}.{field}", "expected one character, got an empty string.");
        return value;
    }
}
