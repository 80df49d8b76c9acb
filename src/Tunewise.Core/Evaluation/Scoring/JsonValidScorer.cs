using System.Text.Json;

namespace Tunewise.Evaluation.Scoring;

/// <summary>1 when the output (after removing a markdown fence) is strict JSON: no comments, no trailing commas.</summary>
public sealed class JsonValidScorer() : ScorerBase("json_valid")
{
    public override ScoreResult Score(ScoreRequest request)
    {
        var text = JsonFence.Strip(request.Output, out var fenced);
        var details = new Dictionary<string, object> { ["fenced"] = fenced };
        try
        {
            using var _ = JsonDocument.Parse(text);
            return ScoreResult.Binary(true, fenced ? "valid JSON inside a markdown fence" : null, details);
        }
        catch (JsonException e)
        {
            return ScoreResult.Binary(false, $"not valid JSON: {e.Message}", details);
        }
    }
}
