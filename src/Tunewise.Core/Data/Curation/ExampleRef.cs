using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>An example as shown in a report: id, where it is, and (shortened) its input and gold value.</summary>
public sealed record ExampleRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("expected")] string? Expected)
{
    private const int MaxShown = 160;

    internal static ExampleRef Of(Example example, string input, string? expectedField) => new(
        example.Id,
        example.Source.File,
        example.Source.Line,
        input.Length > MaxShown ? input[..MaxShown] + "…" : input,
        expectedField is null ? null : example.Fields.GetValueOrDefault(expectedField));

    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
