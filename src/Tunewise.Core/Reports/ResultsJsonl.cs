using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Results;
using Tunewise.Serialization;

namespace Tunewise.Reports;

/// <summary>results.jsonl: one <see cref="ResultLine"/> per line, snake_case, non-ASCII text written as is.</summary>
public static class ResultsJsonl
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CoreJsonContext.Default,
    };

    public static string Write(IEnumerable<ResultLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        foreach (var line in lines)
            text.Append(TypedJson.Serialize(line, JsonOptions)).Append('\n');
        return text.ToString();
    }

    /// <summary>Parses results.jsonl text; blank lines are skipped, a malformed line throws <see cref="JsonException"/> naming it.</summary>
    public static IReadOnlyList<ResultLine> Parse(string jsonl)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        var lines = new List<ResultLine>();
        var number = 0;
        foreach (var text in jsonl.Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            try
            {
                lines.Add(Parse(JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("null line")));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw new JsonException($"results.jsonl line {number}: {ex.Message}", ex);
            }
        }
        return lines;
    }

    /// <summary>Reads results.jsonl beside a report, or no lines when the file is missing.</summary>
    public static async Task<IReadOnlyList<ResultLine>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        File.Exists(path) ? Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) : [];

    // Read leniently, field by field, so a file from an older version (or edited by hand) still renders.
    private static ResultLine Parse(JsonObject line)
    {
        Dictionary<string, double?>? scores = null;
        if (line["score"] is JsonObject scoreObject)
        {
            scores = new Dictionary<string, double?>(StringComparer.Ordinal);
            foreach (var (metric, value) in scoreObject)
                scores[metric] = value is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        }
        return new ResultLine
        {
            Id = Text(line["id"]) ?? throw new JsonException("no id"),
            Arm = Text(line["arm"]) ?? throw new JsonException("no arm"),
            Repeat = line["repeat"] is JsonValue r && r.TryGetValue<int>(out var repeat) ? repeat : 0,
            Output = Text(line["output"]),
            Answer = Text(line["answer"]),
            Expected = Text(line["expected"]),
            Score = scores,
            Error = Text(line["error"]),
            Prompt = Text(line["prompt"]),
            InputTokens = line["input_tokens"] is JsonValue i && i.TryGetValue<long>(out var input) ? input : 0,
            OutputTokens = line["output_tokens"] is JsonValue o && o.TryGetValue<long>(out var output) ? output : 0,
            LatencyMs = line["latency_ms"] is JsonValue l && l.TryGetValue<double>(out var latency) ? latency : 0,
        };
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
