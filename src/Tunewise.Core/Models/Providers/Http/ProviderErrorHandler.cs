using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tunewise.Serialization;

namespace Tunewise.Models.Providers.Http;

/// <summary>
/// Turns an HTTP error response into a <see cref="ProviderHttpException"/> at the transport, where the
/// status, the <c>Retry-After</c> header and the error body are still all visible. SDKs above it
/// tend to keep only some of these.
/// </summary>
internal sealed class ProviderErrorHandler : DelegatingHandler
{
    private const int MaxQuotedBodyChars = 500;
    private readonly string _provider;
    private readonly IReadOnlyList<string> _secrets;

    public ProviderErrorHandler(string provider, IEnumerable<string?> secrets, HttpMessageHandler? inner = null)
    {
        _provider = provider;
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];
        if (inner is not null)
        {
            InnerHandler = inner;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw Create(_provider, response.StatusCode, response.Headers, body, _secrets, DateTimeOffset.UtcNow);
        }
    }

    internal static ProviderHttpException Create(string provider, HttpStatusCode status, HttpResponseHeaders headers, string body,
        IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        var (errorType, apiMessage) = ParseError(body);
        var requestId = First(headers, "request-id") ?? First(headers, "x-request-id");
        var reason = Enum.IsDefined(status) ? status.ToString() : ((int)status == 529 ? "Overloaded" : "Error");
        var text = $"{provider} returned HTTP {(int)status} {reason}" +
                   (errorType is null ? "" : $" ({errorType})") +
                   (apiMessage is null ? "" : $": {apiMessage}") +
                   (requestId is null ? "" : $" [request {requestId}]");
        return new ProviderHttpException(provider, status, Redact(text, secrets), ParseRetryAfter(headers, now), errorType, requestId);
    }

    /// <summary>Reads <c>{"error":{"type":…,"message":…}}</c> (Anthropic, OpenAI) or <c>{"error":"…"}</c> (Ollama).</summary>
    internal static (string? Type, string? Message) ParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (null, error.GetString());
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return (JsonFields.String(error, "type"), JsonFields.String(error, "message"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): quote the start of it instead.
        }

        var trimmed = body.Trim();
        return (null, trimmed.Length <= MaxQuotedBodyChars ? trimmed : trimmed[..MaxQuotedBodyChars] + "…");
    }

    /// <summary><c>retry-after-ms</c>, <c>Retry-After</c> (seconds or HTTP date), then OpenAI's <c>x-ratelimit-reset-*</c>.</summary>
    internal static TimeSpan? ParseRetryAfter(HttpResponseHeaders headers, DateTimeOffset now) =>
        ModelFailure.ParseRetryAfter(name => First(headers, name), headers.Select(h => h.Key), now);

    internal static string Redact(string text, IReadOnlyList<string> secrets) =>
        secrets.Aggregate(text, (current, secret) => current.Replace(secret, "[redacted]", StringComparison.Ordinal));

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
