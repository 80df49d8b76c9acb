using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>An input longer than the token limit (o200k tokens).</summary>
public sealed record OverlongExample(
    [property: JsonPropertyName("example")] ExampleRef Example,
    [property: JsonPropertyName("tokens")] int Tokens);
