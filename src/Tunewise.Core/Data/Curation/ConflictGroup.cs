using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>Examples with identical or near-identical inputs but different gold values.</summary>
public sealed record ConflictGroup(
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
    [property: JsonPropertyName("examples")] IReadOnlyList<ExampleRef> Examples);
