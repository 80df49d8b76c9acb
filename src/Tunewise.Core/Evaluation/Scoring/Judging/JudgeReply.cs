using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Tunewise.Evaluation.Scoring.Judging;

/// <summary>
/// A judge's verdict, parsed from <c>{"score": …, "reason": "…"}</c>. Parsing tolerates wrapping (a
/// markdown fence, a sentence before the object) but never guesses: a reply without a valid in-range
/// score is malformed and reported as such, not read as 0.
/// </summary>
public sealed record JudgeReply(double Score, string Reason)
{
    public static bool TryParse(string? text, JudgeScale scale, [NotNullWhen(true)] out JudgeReply? reply, [NotNullWhen(false)] out string? error)
    {
        reply = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the judge replied with nothing";
            return false;
        }
        var body = JsonFence.Strip(text, out _);
        var start = body.IndexOf('{', StringComparison.Ordinal);
        var end = body.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            error = "the reply contains no JSON object";
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body[start..(end + 1)], new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            error = $"the reply's JSON object does not parse: {e.Message}";
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (!TryGetProperty(root, "score", out var scoreElement))
            {
                error = "the reply has no \"score\" field";
                return false;
            }
            if (!TryReadNumber(scoreElement, out var score))
            {
                error = $"\"score\" is not a number: {scoreElement.GetRawText()}";
                return false;
            }
            if (!InRange(score, scale, out error))
                return false;
            var reason = TryGetProperty(root, "reason", out var reasonElement)
                ? reasonElement.ValueKind == JsonValueKind.String ? reasonElement.GetString()! : reasonElement.GetRawText()
                : "";
            reply = new JudgeReply(score, reason);
            return true;
        }
    }

    private static bool TryGetProperty(JsonElement root, string name, out JsonElement value)
    {
        value = default;
        if (root.ValueKind != JsonValueKind.Object)
            return false;
        foreach (var property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        return false;
    }

    private static bool TryReadNumber(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static bool InRange(double score, JudgeScale scale, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (scale)
        {
            case JudgeScale.OneToFive when score < 1 || score > 5 || Math.Abs(score - Math.Round(score)) > 1e-9:
                error = $"score {score.ToString(CultureInfo.InvariantCulture)} is not an integer from 1 to 5";
                return false;
            case JudgeScale.ZeroToOne when !(score >= 0 && score <= 1):
                error = $"score {score.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1";
                return false;
            default:
                return true;
        }
    }
}
