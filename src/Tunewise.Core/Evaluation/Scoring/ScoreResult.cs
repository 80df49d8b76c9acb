namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// The score of one example. <see cref="Value"/> is the per-example metric value (1/0 for pass/fail
/// metrics). A result with <see cref="Error"/> set could not be scored (no gold value, a malformed judge
/// reply): its value is NaN and it is left out of estimates and counted separately, never taken as 0.
/// </summary>
public sealed record ScoreResult(double Value, bool? Passed, string? Reason, IReadOnlyDictionary<string, object>? Details = null)
{
    public string? Error { get; init; }

    public bool IsError => Error is not null;

    public static ScoreResult Binary(bool passed, string? reason = null, IReadOnlyDictionary<string, object>? details = null) =>
        new(passed ? 1 : 0, passed, reason, details);

    public static ScoreResult Unscorable(string error, IReadOnlyDictionary<string, object>? details = null) =>
        new(double.NaN, null, error, details) { Error = error };
}
