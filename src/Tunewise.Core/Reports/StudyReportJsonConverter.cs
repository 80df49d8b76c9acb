using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Decision;
using Tunewise.Results;
using Tunewise.Serialization;

namespace Tunewise.Reports;

/// <summary>
/// Writes a <see cref="StudyReport"/> as one flat object: the summary's fields in their declared order, with the decision
/// as the <c>decision</c> field just before <c>completed</c>, where report.json has always had it. Each value goes
/// through its own source-generated metadata, so nothing is serialised twice or parsed back.
/// </summary>
internal sealed class StudyReportJsonConverter : JsonConverter<StudyReport>
{
    private const string DecisionField = "decision";
    private const string CompletedField = "completed";

    public override StudyReport Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var summary = JsonSerializer.Deserialize(ref reader, TypedJson.Info<StudySummary>(options)) ?? throw new JsonException("empty report");
        // The summary does not model the decision, so it arrives among the fields kept as written.
        if (summary.Extensions is not { } extensions || !extensions.Remove(DecisionField, out var decision))
            return new StudyReport(summary, DecisionOutcome.NotComputed);
        var rest = extensions.Count == 0 ? null : extensions;
        return new StudyReport(summary with { Extensions = rest }, decision.Deserialize(TypedJson.Info<DecisionOutcome>(options)) ?? DecisionOutcome.NotComputed);
    }

    public override void Write(Utf8JsonWriter writer, StudyReport value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var info = TypedJson.Info<StudySummary>(options);
        var decisionWritten = false;
        writer.WriteStartObject();
        foreach (var property in info.Properties)
        {
            if (property.IsExtensionData || property.Get is null)
                continue;
            if (property.Name == CompletedField)
            {
                WriteDecision(writer, value.Decision, options);
                decisionWritten = true;
            }
            var field = property.Get(value.Summary);
            if (property.ShouldSerialize?.Invoke(value.Summary, field) == false)
                continue;
            writer.WritePropertyName(property.Name);
            JsonSerializer.Serialize(writer, field, options.GetTypeInfo(property.PropertyType));
        }
        if (!decisionWritten)
            WriteDecision(writer, value.Decision, options);
        foreach (var (name, element) in value.Summary.Extensions ?? [])
        {
            writer.WritePropertyName(name);
            element.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter writer, DecisionOutcome decision, JsonSerializerOptions options)
    {
        writer.WritePropertyName(DecisionField);
        JsonSerializer.Serialize(writer, decision, TypedJson.Info<DecisionOutcome>(options));
    }
}
