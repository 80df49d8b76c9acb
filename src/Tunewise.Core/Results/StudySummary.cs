using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Data.Curation;

namespace Tunewise.Results;

/// <summary>
/// What a study measured, arm by arm, on its frozen test set: the record every later stage reads. The decision
/// reads it to choose; the exporters write it (report.json is its serialisation, with the decision beside it).
/// </summary>
public sealed record StudySummary
{
    public required string Study { get; init; }
    public string? StudyFile { get; init; }
    public required string StudyHash { get; init; }
    public required string RunId { get; init; }
    public required string TestHash { get; init; }
    public int TestExamples { get; init; }
    public RequirementSummary? Requirement { get; init; }
    public required IReadOnlyList<ArmSummary> Arms { get; init; }
    /// <summary>How failed model calls enter the metrics.</summary>
    public string? MetricsNote { get; init; }
    public IReadOnlyList<ComparisonSummary> Comparisons { get; init; } = [];
    public string? ComparisonNote { get; init; }
    public CurationReport? Curation { get; init; }
    public bool Completed { get; init; }

    /// <summary>
    /// Fields this version does not model (for example a learning curve or forgetting deltas written by a
    /// newer run): kept so a re-rendered or re-written report loses nothing, and shown by the HTML report.
    /// Settable rather than init-only: source-generated metadata cannot bind extension data through the initializer.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
