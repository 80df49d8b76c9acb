using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>How often each gold value occurs, and whether the majority outweighs the minority past the threshold.</summary>
public sealed record LabelDistribution(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, int> Counts,
    [property: JsonPropertyName("majority")] string Majority,
    [property: JsonPropertyName("minority")] string Minority,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("imbalanced")] bool Imbalanced);
