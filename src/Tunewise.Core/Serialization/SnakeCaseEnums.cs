using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Data;
using Tunewise.Studies;

namespace Tunewise.Serialization;

/// <summary>
/// Enum values written as snake_case strings, one typed converter per enum of this assembly. The untyped
/// <see cref="JsonStringEnumConverter"/> builds its converters by reflection at run time, which a native build cannot do;
/// a test checks that every public enum here is listed.
/// </summary>
public static class SnakeCaseEnums
{
    public static IReadOnlyList<JsonConverter> Converters { get; } =
    [
        new JsonStringEnumConverter<Tunewise.Data.DataFormat>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Data.TextNormalization>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.ArmTechnique>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.CheckStatus>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.ConclusionKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.DecisionConfidence>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.GapVerdict>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.ModelScale>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Decision.RecommendationKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Economics.BreakEvenKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Evaluation.Errors.ErrorClass>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Evaluation.Scoring.Judging.JudgeScale>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.FineTuning.Planning.ActivationRetention>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<FineTuneMethod>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.FineTuning.Planning.LoraTarget>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.FineTuning.Planning.MlpKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.FineTuning.Planning.NormKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Models.ModelCallErrorKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Models.Providers.JsonModeSupport>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Robustness.LabelCase>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Statistics.ComparisonVerdict>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Storage.RunStatus>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.ArmKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.BaselineKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.DemonstrationOrder>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.DemonstrationSelection>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.FineTuneMethod>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.OutputConstraint>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.ResponseFormat>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.TaskKind>(JsonNamingPolicy.SnakeCaseLower),
        new JsonStringEnumConverter<Tunewise.Studies.Validation.ValidationSeverity>(JsonNamingPolicy.SnakeCaseLower),
    ];

    /// <summary>Adds <see cref="Converters"/> to <paramref name="options"/> and returns it.</summary>
    public static JsonSerializerOptions AddTo(JsonSerializerOptions options)
    {
        foreach (var converter in Converters) options.Converters.Add(converter);
        return options;
    }
}
