using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>An example left out of the cleaned file, and why.</summary>
public sealed record DroppedExample(
    [property: JsonPropertyName("example")] ExampleRef Example,
    [property: JsonPropertyName("reason")] string Reason);
