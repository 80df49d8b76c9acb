using System.Text.Json.Serialization;

namespace Tunewise.Results;

/// <summary>
/// One arm's answer to one test example (one line of results.jsonl), with its scores or the call error. Fields are
/// declared in the order results.jsonl writes them.
/// </summary>
public sealed record ResultLine
{
    public required string Id { get; init; }

    public required string Arm { get; init; }

    public int Repeat { get; init; }

    public string? Output { get; init; }

    public string? Answer { get; init; }

    public string? Expected { get; init; }

    /// <summary>Per metric, the example's score (null where the scorer could not score it); null when the call failed.</summary>
    [JsonPropertyName("score")]
    public IReadOnlyDictionary<string, double?>? Score { get; init; }

    /// <summary>The failed call's error as "Kind: message", or null when the model answered.</summary>
    public string? Error { get; init; }

    public string? Prompt { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public double LatencyMs { get; init; }
}
