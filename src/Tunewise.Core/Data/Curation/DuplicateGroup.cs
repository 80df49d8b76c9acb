using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>Examples identical after normalising case and whitespace; <see cref="Redundant"/> = copies beyond the first.</summary>
public sealed record DuplicateGroup(
    [property: JsonPropertyName("redundant")] int Redundant,
    [property: JsonPropertyName("examples")] IReadOnlyList<ExampleRef> Examples);
