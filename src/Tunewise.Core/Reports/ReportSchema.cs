using System.Text.Json;
using Json.Schema;

namespace Tunewise.Reports;

/// <summary>The JSON Schema (draft 2020-12) of report.json, shipped in the assembly and in schemas/report.schema.json.</summary>
public static class ReportSchema
{
    private static readonly Lazy<string> Resource = new(() =>
    {
        using var stream = typeof(ReportSchema).Assembly.GetManifestResourceStream("Tunewise.Reports.report.schema.json")
            ?? throw new InvalidOperationException("The report schema is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> Parsed = new(() => JsonSchema.FromText(Resource.Value));

    /// <summary>The schema as JSON text.</summary>
    public static string Json => Resource.Value;

    /// <summary>Every place where <paramref name="reportJson"/> breaks the schema, as "location: message"; empty when it conforms.</summary>
    public static IReadOnlyList<string> Validate(string reportJson)
    {
        using var document = JsonDocument.Parse(reportJson);
        var results = Parsed.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        var errors = new List<string>();
        foreach (var result in new[] { results }.Concat(results.Details ?? []))
        {
            if (result.Errors is null)
                continue;
            foreach (var (keyword, message) in result.Errors)
                errors.Add($"{result.InstanceLocation} ({keyword}): {message}");
        }
        return errors.Count > 0 ? errors : ["report.json does not match the schema"];
    }
}
