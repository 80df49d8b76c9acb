using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Serialization;

namespace Tunewise.Decision;

/// <summary>JSON shape of decision inputs and results: snake_case names and enum values, NaN as null.</summary>
public static class DecisionJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => TypedJson.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => TypedJson.Deserialize<T>(json, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = CoreJsonContext.Default,
        };
        SnakeCaseEnums.AddTo(options);
        options.Converters.Add(new NonFiniteAsNullConverter());
        options.MakeReadOnly();
        return options;
    }
}
