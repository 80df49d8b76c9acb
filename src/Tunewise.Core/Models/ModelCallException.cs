namespace Tunewise.Models;

/// <summary>
/// A model call that failed for good: a permanent error, retries used up, or a budget refusal.
/// The runner records it as a per-example error. The message is redacted and carries no inner
/// exception, because provider exceptions can quote request headers and keys.
/// </summary>
public sealed class ModelCallException : Exception
{
    public ModelCallException(ModelCallErrorKind kind, string message, int? statusCode = null, int attempts = 1)
        : base(SecretRedactor.Default.Redact(message))
    {
        Kind = kind;
        StatusCode = statusCode;
        Attempts = attempts;
    }

    public ModelCallErrorKind Kind { get; }

    /// <summary>HTTP status of the last attempt, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>Requests sent for this logical call (0 when refused before sending).</summary>
    public int Attempts { get; }

    public bool IsTransient => ModelFailure.IsTransientKind(Kind);
}
