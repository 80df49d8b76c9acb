using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Decision;
using Tunewise.Results;
using Tunewise.Serialization;

namespace Tunewise.Reports;

/// <summary>
/// What every rendering of a run is made from: the study's summary and the decision taken on it. report.json is its
/// serialisation (snake_case; see <see cref="JsonOptions"/>).
/// </summary>
[JsonConverter(typeof(StudyReportJsonConverter))]
public sealed record StudyReport(StudySummary Summary, DecisionOutcome Decision)
{
    /// <summary>report.json's shape: snake_case names and enum values, NaN as null, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = DecisionJson.Options;

    public string ToJson() => TypedJson.Serialize(this, JsonOptions);

    /// <summary>Reads report.json back; a report written before a decision was taken reads as <see cref="DecisionOutcome.NotComputed"/>.</summary>
    public static StudyReport FromJson(string json) =>
        TypedJson.Deserialize<StudyReport>(json, JsonOptions) ?? throw new JsonException("empty report");
}
