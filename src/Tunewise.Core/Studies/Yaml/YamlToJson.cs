using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Tunewise.Studies.Yaml;

/// <summary>Converts a YAML node to JSON with the typing rules of <see cref="YamlScalars"/>.</summary>
internal static class YamlToJson
{
    public static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[key is YamlScalarNode k ? k.Value ?? string.Empty : key.ToString()] = Convert(value);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item));
                }
                return array;
            case YamlScalarNode scalar:
                if (YamlScalars.IsNull(scalar))
                {
                    return null;
                }
                if (YamlScalars.TryBool(scalar, out var flag))
                {
                    return JsonValue.Create(flag);
                }
                if (YamlScalars.TryInteger(scalar, out var integer))
                {
                    return JsonValue.Create(integer);
                }
                if (YamlScalars.TryNumber(scalar, out var number))
                {
                    return JsonValue.Create(number);
                }
                return JsonValue.Create(scalar.Value ?? string.Empty);
            default:
                return null;
        }
    }

    /// <summary>Parses a whole YAML text (the first document) into JSON.</summary>
    public static JsonNode? FromText(string yaml)
    {
        var stream = YamlText.Load(yaml);
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }
}
