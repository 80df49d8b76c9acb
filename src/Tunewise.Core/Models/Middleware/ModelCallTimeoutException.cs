namespace Tunewise.Models.Middleware;

/// <summary>One attempt ran past the adaptive timeout; the retry layer treats it as transient.</summary>
public sealed class ModelCallTimeoutException(TimeSpan timeout)
    : TimeoutException($"no reply within {timeout.TotalMilliseconds:0} ms")
{
    public TimeSpan Timeout { get; } = timeout;
}
