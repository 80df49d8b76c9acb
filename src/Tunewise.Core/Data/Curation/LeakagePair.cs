using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>An example that also appears (exactly or nearly) in the test set it is checked against.</summary>
public sealed record LeakagePair(
    [property: JsonPropertyName("example")] ExampleRef Example,
    [property: JsonPropertyName("test_example")] ExampleRef TestExample,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("similarity")] double Similarity);
