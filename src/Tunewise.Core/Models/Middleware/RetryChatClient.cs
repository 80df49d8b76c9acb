using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Retries transient failures (429, 500/502/503/504, timeouts, dropped connections, unparseable 200 bodies) with
/// exponential backoff and jitter, waiting as long as the server asks through Retry-After or x-ratelimit-reset-*.
/// A rate-limit wait is the server pacing the client, not a fault: it never uses up the attempt budget
/// (<see cref="RetryOptions.MaxAttempts"/> counts the other failures). Every call is bounded by
/// <see cref="RetryOptions.Deadline"/> instead, so a limit that never clears still ends. On a permanent failure (401,
/// 404, 400), an exhausted budget or a passed deadline it throws a redacted <see cref="ModelCallException"/> that says
/// how many requests were made.
/// </summary>
public sealed class RetryChatClient : DelegatingChatClient
{
    private readonly RetryOptions _options;

    public RetryChatClient(IChatClient innerClient, RetryOptions options) : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Deadline, TimeSpan.Zero);
        _options = options;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var clock = Stopwatch.StartNew();
        var requests = 0;
        var faults = 0;
        var rateLimits = 0;
        while (true)
        {
            requests++;
            try
            {
                var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[ModelCallProperties.Attempts] = requests;
                return response;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (ModelCallException ex) when (ex.Kind == ModelCallErrorKind.BudgetExceeded)
            {
                throw;
            }
            catch (Exception ex)
            {
                var failure = ModelFailure.Classify(ex);
                if (!failure.IsTransient || _options.MaxAttempts == 1)
                    throw failure.ToException(requests);
                var paced = failure.Kind == ModelCallErrorKind.RateLimited || failure.RetryAfter is not null;
                if (paced) rateLimits++;
                else faults++;
                if (faults >= _options.MaxAttempts)
                    throw failure.ToException(requests);
                var delay = failure.RetryAfter is { } wait
                    ? (wait < _options.MaxRetryAfter ? wait : _options.MaxRetryAfter)
                    : Backoff(paced ? rateLimits : faults);
                if (clock.Elapsed + delay > _options.Deadline)
                    throw failure.ToException(requests);
                _options.OnRetry?.Invoke(new RetryAttempt(requests, failure.Kind, failure.StatusCode, delay, failure.RetryAfter is not null));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The n-th backoff (n ≥ 1): base × 2^(n−1), at most <see cref="RetryOptions.MaxDelay"/>, with "equal jitter" (half fixed, half random).</summary>
    private TimeSpan Backoff(int n)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(n - 1, 30));
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
