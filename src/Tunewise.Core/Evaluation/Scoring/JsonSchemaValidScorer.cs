using System.Text.Json;
using Json.Schema;

namespace Tunewise.Evaluation.Scoring;

/// <summary>1 when the output (after removing a markdown fence) is JSON that satisfies the configured JSON Schema; the reason lists the first violations.</summary>
public sealed class JsonSchemaValidScorer : ScorerBase
{
    private const int ErrorsShown = 3;
    private readonly JsonSchema _schema;

    public JsonSchemaValidScorer(string schemaText) : base("json_schema_valid")
    {
        if (string.IsNullOrWhiteSpace(schemaText))
            throw new UserInputException("The json_schema_valid metric needs a JSON Schema (metric option 'schema').");
        try
        {
            _schema = JsonSchema.FromText(schemaText);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new UserInputException($"The json_schema_valid metric's schema is not a valid JSON Schema: {e.Message}", e);
        }
    }

    public override ScoreResult Score(ScoreRequest request)
    {
        var text = JsonFence.Strip(request.Output, out var fenced);
        var details = new Dictionary<string, object> { ["fenced"] = fenced };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return ScoreResult.Binary(false, $"not valid JSON: {e.Message}", details);
        }
        using (document)
        {
            var results = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (results.IsValid)
                return ScoreResult.Binary(true, null, details);
            var errors = CollectErrors(results).ToList();
            details["errors"] = errors;
            var shown = errors.Take(ErrorsShown).ToList();
            var reason = shown.Count == 0
                ? "does not match the schema"
                : "does not match the schema: " + string.Join("; ", shown) + (errors.Count > shown.Count ? $" (+{errors.Count - shown.Count} more)" : "");
            return ScoreResult.Binary(false, reason, details);
        }
    }

    private static IEnumerable<string> CollectErrors(EvaluationResults results)
    {
        var all = new List<EvaluationResults> { results };
        if (results.Details is not null)
            all.AddRange(results.Details);
        foreach (var result in all)
        {
            if (result.Errors is null)
                continue;
            var location = result.InstanceLocation.ToString();
            foreach (var (keyword, message) in result.Errors)
                yield return $"{(location.Length == 0 ? "(root)" : location)}: {message} [{keyword}]";
        }
    }
}
