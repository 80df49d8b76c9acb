namespace Tunewise.Storage;

/// <summary>
/// The outcome of one call: what was sent and returned, its score (JSON, as the scorer produced it),
/// any error, tokens, cost and latency. <see cref="Error"/> is set when the call failed.
/// </summary>
public sealed record ExampleResult
{
    public required string RunId { get; init; }

    public required string Arm { get; init; }

    public required string ExampleId { get; init; }

    public int Repeat { get; init; }

    public string? Output { get; init; }

    public string? Expected { get; init; }

    public string? ScoreJson { get; init; }

    public string? Error { get; init; }

    /// <summary>The prompt as sent, rendered as text.</summary>
    public string? Prompt { get; init; }

    /// <summary>The ids of the documents put in the prompt's context, in rank order; null for an arm without retrieval.</summary>
    public IReadOnlyList<string>? RetrievedDocumentIds { get; init; }

    public long InputTokens { get; init; }

    public long CachedInputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal Cost { get; init; }

    public TimeSpan Latency { get; init; }

    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    public ResultKey Key => new(Arm, ExampleId, Repeat);
}
