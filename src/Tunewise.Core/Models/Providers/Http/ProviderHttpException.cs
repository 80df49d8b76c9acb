using System.Net;

namespace Tunewise.Models.Providers.Http;

/// <summary>
/// A provider answered with an HTTP error status. Derives from <see cref="HttpRequestException"/> so
/// <see cref="HttpRequestException.StatusCode"/> carries the status; adds the server-requested wait
/// and the provider's own error type. The message quotes the provider's error text with any API key
/// removed, and never includes request headers.
/// </summary>
public sealed class ProviderHttpException : HttpRequestException
{
    public ProviderHttpException(string provider, HttpStatusCode statusCode, string message, TimeSpan? retryAfter = null,
        string? errorType = null, string? requestId = null)
        : base(message, inner: null, statusCode)
    {
        Provider = provider;
        RetryAfter = retryAfter;
        ErrorType = errorType;
        RequestId = requestId;
    }

    /// <summary>Provider name, e.g. <c>anthropic</c> or <c>ollama</c>.</summary>
    public string Provider { get; }

    /// <summary>Status as a number, including non-standard ones such as Anthropic's 529 (overloaded).</summary>
    public int Status => (int)StatusCode!.Value;

    /// <summary>From <c>retry-after-ms</c> or <c>Retry-After</c> (seconds or HTTP date), when the server sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The provider's error kind, e.g. <c>rate_limit_error</c>, <c>overloaded_error</c>.</summary>
    public string? ErrorType { get; }

    /// <summary>The provider's request id, for support tickets.</summary>
    public string? RequestId { get; }
}
