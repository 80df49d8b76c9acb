using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>Two examples whose inputs are near duplicates (character-shingle Jaccard ≥ the threshold).</summary>
public sealed record SimilarPair(
    [property: JsonPropertyName("a")] ExampleRef A,
    [property: JsonPropertyName("b")] ExampleRef B,
    [property: JsonPropertyName("similarity")] double Similarity);
