using System.Text.Json;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Errors;

/// <summary>
/// Sorts a wrong answer into an <see cref="ErrorClass"/>, so the decision can tell behaviour failures
/// (fixable by format constraints or fine-tuning) from knowledge failures (fixable by retrieval).
/// </summary>
public static class ErrorClassifier
{
    /// <param name="answer">The extracted answer.</param>
    /// <param name="expected">The gold answer, when known.</param>
    /// <param name="taskKind">The study's task kind.</param>
    /// <param name="responseFormat">The arm's requested response format.</param>
    /// <param name="labels">The label set for classification; empty otherwise.</param>
    /// <param name="metric">The metric the answer was scored on; judge metrics are rubric or style failures.</param>
    public static ErrorClass Classify(string answer, string? expected, TaskKind taskKind, ResponseFormat responseFormat, IReadOnlyCollection<string> labels, string metric)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(metric);
        if (metric.Contains("judge", StringComparison.OrdinalIgnoreCase) || metric.Contains("rubric", StringComparison.OrdinalIgnoreCase))
            return ErrorClass.RubricOrStyle;

        var expectedJson = TryParse(expected);
        var wantsJson = responseFormat is ResponseFormat.Json or ResponseFormat.JsonSchema || taskKind == TaskKind.Extraction
            || expectedJson is { ValueKind: JsonValueKind.Object or JsonValueKind.Array };
        if (wantsJson)
        {
            if (TryParse(StripFence(answer)) is not { } actual)
                return ErrorClass.FormatViolation;
            if (expectedJson is { } gold && !SameShape(actual, gold))
                return ErrorClass.WrongShape;
            return ErrorClass.ContentError;
        }

        if (taskKind == TaskKind.Classification && labels.Count > 0
            && !labels.Any(l => string.Equals(l.Trim(), answer.Trim(), StringComparison.OrdinalIgnoreCase)))
            return ErrorClass.LabelOutsideSet;
        return ErrorClass.ContentError;
    }

    /// <summary>Adds up classified wrong answers into the counts the decision procedure reads.</summary>
    public static ErrorClassCounts Count(IEnumerable<ErrorClass> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var counts = new int[5];
        foreach (var c in classes)
            counts[(int)c]++;
        return new ErrorClassCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private static bool SameShape(JsonElement actual, JsonElement expected)
    {
        if (actual.ValueKind != expected.ValueKind)
            return false;
        if (expected.ValueKind != JsonValueKind.Object)
            return true;
        var want = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var have = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return want.SetEquals(have);
    }

    private static JsonElement? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.Trim();
        if (trimmed[0] is not ('{' or '['))
            return null;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string StripFence(string answer)
    {
        var text = answer.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
            return text;
        var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
        var end = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstNewline > 0 && end > firstNewline ? text[(firstNewline + 1)..end] : text;
    }
}
