namespace Tunewise.Models.Middleware;

/// <summary>How transient failures are retried. Defaults suit hosted APIs; tests use millisecond delays.</summary>
public sealed record RetryOptions
{
    /// <summary>
    /// Requests per logical call that may fail with a fault (5xx, timeout, dropped connection, broken body), the first
    /// one included. Rate-limit waits (429, Retry-After) do not count: <see cref="Deadline"/> bounds them. 1 turns
    /// retrying off altogether.
    /// </summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// The longest a logical call may take with its retries and waits; no retry starts whose wait would end after it.
    /// </summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>First backoff; later ones grow exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest server-requested wait (Retry-After) that is honoured; longer requests wait this long.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Called before each retry, e.g. to log or to test which delay was chosen.</summary>
    public Action<RetryAttempt>? OnRetry { get; init; }
}
