using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace Tunewise.Models;

/// <summary>
/// What went wrong in one attempt, read from whatever the provider threw: the OpenAI SDK's
/// <see cref="ClientResultException"/> (status and raw response headers), an
/// <see cref="HttpRequestException"/>, a JSON parse error for a truncated body, or a timeout.
/// </summary>
public sealed record ModelFailure(ModelCallErrorKind Kind, int? StatusCode, TimeSpan? RetryAfter, string Message)
{
    public bool IsTransient => IsTransientKind(Kind);

    public static bool IsTransientKind(ModelCallErrorKind kind) => kind is ModelCallErrorKind.RateLimited
        or ModelCallErrorKind.ServerError or ModelCallErrorKind.Timeout or ModelCallErrorKind.ConnectionFailed
        or ModelCallErrorKind.MalformedResponse;

    public ModelCallException ToException(int attempts) => new(Kind, Message, StatusCode, attempts);

    public static ModelFailure Classify(Exception exception, DateTimeOffset? now = null)
    {
        switch (exception)
        {
            case ModelCallException call:
                return new ModelFailure(call.Kind, call.StatusCode, null, call.Message);
            case ClientResultException result when result.Status != 0:
                {
                    var headers = result.GetRawResponse()?.Headers;
                    return FromStatus(result.Status, RetryAfterFrom(headers, now ?? DateTimeOffset.UtcNow), result.Message);
                }
            case HttpRequestException { StatusCode: { } status } http:
                return FromStatus((int)status, null, http.Message);
            case TimeoutException timeout:
                return new ModelFailure(ModelCallErrorKind.Timeout, null, null, timeout.Message);
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case JsonException or FormatException:
                    return new ModelFailure(ModelCallErrorKind.MalformedResponse, null, null,
                        $"the response could not be parsed: {inner.Message}");
                case HttpRequestException or IOException or SocketException:
                    return new ModelFailure(ModelCallErrorKind.ConnectionFailed, null, null,
                        $"connection failed: {inner.Message}");
                case TimeoutException or TaskCanceledException:
                    return new ModelFailure(ModelCallErrorKind.Timeout, null, null, "the request timed out");
            }
        }

        return new ModelFailure(ModelCallErrorKind.Unknown, null, null, $"{exception.GetType().Name}: {exception.Message}");
    }

    private static ModelFailure FromStatus(int status, TimeSpan? retryAfter, string message)
    {
        var kind = status switch
        {
            429 => ModelCallErrorKind.RateLimited,
            408 => ModelCallErrorKind.Timeout,
            401 or 403 => ModelCallErrorKind.Unauthorized,
            404 => ModelCallErrorKind.NotFound,
            >= 500 and not 501 => ModelCallErrorKind.ServerError,
            >= 400 and < 500 => ModelCallErrorKind.BadRequest,
            _ => ModelCallErrorKind.Unknown,
        };
        return new ModelFailure(kind, status, retryAfter, message);
    }

    /// <summary>
    /// Server-requested wait: <c>retry-after-ms</c>, then <c>Retry-After</c> (seconds or HTTP-date),
    /// then the longest <c>x-ratelimit-reset-*</c> (OpenAI's "1s", "6m0s", "20ms" durations).
    /// </summary>
    public static TimeSpan? RetryAfterFrom(PipelineResponseHeaders? headers, DateTimeOffset now)
    {
        if (headers is null)
        {
            return null;
        }

        return ParseRetryAfter(name => headers.TryGetValue(name, out var value) ? value : null,
            headers.Select(h => h.Key), now);
    }

    public static TimeSpan? ParseRetryAfter(Func<string, string?> header, IEnumerable<string> names, DateTimeOffset now)
    {
        if (double.TryParse(header("retry-after-ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var retryAfter = header("Retry-After");
        if (retryAfter is not null)
        {
            if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        TimeSpan? longest = null;
        foreach (var name in names.Where(n => n.StartsWith("x-ratelimit-reset", StringComparison.OrdinalIgnoreCase)))
        {
            if (ParseDuration(header(name)) is { } reset && (longest is null || reset > longest))
            {
                longest = reset;
            }
        }

        return longest;
    }

    /// <summary>Parses "1s", "6m0s", "20ms", "1h2m3.5s" or plain seconds.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return plainSeconds >= 0 ? TimeSpan.FromSeconds(plainSeconds) : null;
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            var unitStart = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            switch (text[unitStart..i])
            {
                case "ms": total += TimeSpan.FromMilliseconds(value); break;
                case "s": total += TimeSpan.FromSeconds(value); break;
                case "m": total += TimeSpan.FromMinutes(value); break;
                case "h": total += TimeSpan.FromHours(value); break;
                default: return null;
            }
        }

        return total;
    }
}
