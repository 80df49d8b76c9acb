using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tunewise.Serialization;

/// <summary>
/// Serialize and deserialize through the metadata an options object's resolver supplies (a source-generated context),
/// never through reflection.
/// </summary>
public static class TypedJson
{
    public static string Serialize<T>(T value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, Info<T>(options));

    public static T? Deserialize<T>(string json, JsonSerializerOptions options) => JsonSerializer.Deserialize(json, Info<T>(options));

    /// <summary>A JSON string literal, quotes included, escaped as the serializer escapes a string.</summary>
    public static string StringLiteral(string value, System.Text.Encodings.Web.JavaScriptEncoder? encoder = null) =>
        "\"" + JsonEncodedText.Encode(value, encoder) + "\"";

    public static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
