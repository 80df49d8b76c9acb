using Tunewise.Serialization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tunewise.Data.Curation;

/// <summary>
/// The result of a data check, in the shape <c>tunewise data check --json</c> prints: complete counts,
/// and a bounded number of example groups or pairs for each finding (with ids and source lines).
/// </summary>
public sealed record CurationReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = CoreJsonContext.Default,
    };

    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("against")]
    public string? Against { get; init; }

    [JsonPropertyName("examples")]
    public int Examples { get; init; }

    [JsonPropertyName("against_examples")]
    public int AgainstExamples { get; init; }

    [JsonPropertyName("input_fields")]
    public required IReadOnlyList<string> InputFields { get; init; }

    [JsonPropertyName("expected_field")]
    public string? ExpectedField { get; init; }

    [JsonPropertyName("near_duplicate_threshold")]
    public double NearDuplicateThreshold { get; init; }

    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; init; }

    [JsonPropertyName("counts")]
    public required CurationCounts Counts { get; init; }

    [JsonPropertyName("exact_duplicates")]
    public IReadOnlyList<DuplicateGroup> ExactDuplicates { get; init; } = [];

    [JsonPropertyName("near_duplicates")]
    public IReadOnlyList<SimilarPair> NearDuplicates { get; init; } = [];

    [JsonPropertyName("leakage")]
    public IReadOnlyList<LeakagePair> Leakage { get; init; } = [];

    [JsonPropertyName("label_conflicts")]
    public IReadOnlyList<ConflictGroup> LabelConflicts { get; init; } = [];

    [JsonPropertyName("empty")]
    public IReadOnlyList<ExampleRef> Empty { get; init; } = [];

    [JsonPropertyName("overlong")]
    public IReadOnlyList<OverlongExample> Overlong { get; init; } = [];

    /// <summary>Null when there is no gold field, or it holds free text rather than labels.</summary>
    [JsonPropertyName("labels")]
    public LabelDistribution? Labels { get; init; }

    /// <summary>Rows skipped while loading because they were malformed.</summary>
    [JsonPropertyName("skipped_rows")]
    public IReadOnlyList<string> SkippedRows { get; init; } = [];

    /// <summary>The metadata the report is written and read through: indented, with relaxed escaping.</summary>
    public static JsonTypeInfo<CurationReport> JsonInfo => TypedJson.Info<CurationReport>(JsonOptions);

    public string ToJson() => TypedJson.Serialize(this, JsonOptions);

    public static CurationReport FromJson(string json) =>
        TypedJson.Deserialize<CurationReport>(json, JsonOptions) ?? throw new JsonException("empty curation report");
}
