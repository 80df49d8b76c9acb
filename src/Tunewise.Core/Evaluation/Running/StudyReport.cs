using Tunewise.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tunewise.Evaluation.Running;

/// <summary>The content of report.json (snake_case on disk; see <see cref="JsonOptions"/>).</summary>
public sealed record StudyReport
{
    public static JsonSerializerOptions JsonOptions { get; } = SnakeCaseEnums.AddTo(new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        TypeInfoResolver = CoreJsonContext.Default,
    });

    public required string Study { get; init; }
    public string? StudyFile { get; init; }
    public required string StudyHash { get; init; }
    public required string RunId { get; init; }
    public required string TestHash { get; init; }
    public int TestExamples { get; init; }
    public RequirementReport? Requirement { get; init; }
    public required IReadOnlyList<ArmReport> Arms { get; init; }
    /// <summary>How failed model calls enter the metrics.</summary>
    public string? MetricsNote { get; init; }
    public IReadOnlyList<ComparisonReport> Comparisons { get; init; } = [];
    public string? ComparisonNote { get; init; }
    public JsonNode? Curation { get; init; }
    public DecisionReport Decision { get; init; } = DecisionReport.NotComputed;
    public bool Completed { get; init; }

    /// <summary>
    /// Fields this version does not model (for example a learning curve or forgetting deltas written by a
    /// newer run): kept so a re-rendered or re-written report loses nothing, and shown by the HTML report.
    /// Settable rather than init-only: source-generated metadata cannot bind extension data through the initializer.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    public string ToJson() => TypedJson.Serialize(this, JsonOptions);

    public static StudyReport FromJson(string json) =>
        TypedJson.Deserialize<StudyReport>(json, JsonOptions) ?? throw new JsonException("empty report");
}
