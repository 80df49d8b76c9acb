using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Reports;

/// <summary>One line of results.jsonl: one arm's answer to one test example, with its scores or the call error.</summary>
public sealed record ResultLine
{
    public required string Id { get; init; }

    public required string Arm { get; init; }

    public int Repeat { get; init; }

    public string? Output { get; init; }

    public string? Answer { get; init; }

    public string? Expected { get; init; }

    /// <summary>Per metric, the example's score; null where the scorer could not score it.</summary>
    public IReadOnlyDictionary<string, double?> Scores { get; init; } = new Dictionary<string, double?>();

    /// <summary>The failed call's error as "Kind: message", or null when the model answered.</summary>
    public string? Error { get; init; }

    public string? Prompt { get; init; }

    /// <summary>The kind of a failed call (the part of <see cref="Error"/> before the colon).</summary>
    public string? ErrorKind => Error is null ? null : Error.Split(':', 2)[0].Trim();

    /// <summary>Parses results.jsonl text; blank lines are skipped, a malformed line throws <see cref="JsonException"/> naming it.</summary>
    public static IReadOnlyList<ResultLine> ParseAll(string jsonl)
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
        File.Exists(path) ? ParseAll(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)) : [];

    private static ResultLine Parse(JsonObject line)
    {
        var scores = new Dictionary<string, double?>(StringComparer.Ordinal);
        if (line["score"] is JsonObject scoreObject)
        {
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
            Scores = scores,
            Error = Text(line["error"]),
            Prompt = Text(line["prompt"]),
        };
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
