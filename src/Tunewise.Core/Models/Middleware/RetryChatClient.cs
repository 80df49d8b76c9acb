using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Retries transient failures (429, 500/502/503/504, timeouts, dropped connections, unparseable 200
/// bodies) with exponential backoff and jitter, waiting as long as the server asks through
/// Retry-After or x-ratelimit-reset-*. After the last attempt, or on a permanent failure (401, 404,
/// 400), it throws a redacted <see cref="ModelCallException"/> that says how many attempts were made.
/// </summary>
public sealed class RetryChatClient : DelegatingChatClient
{
    private readonly RetryOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public RetryChatClient(IChatClient innerClient, RetryOptions options) : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        _options = options;
        _pipeline = options.MaxAttempts == 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested &&
                    ModelFailure.Classify(ex).IsTransient),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && ModelFailure.Classify(ex).RetryAfter is { } wait
                        ? (TimeSpan?)(wait < _options.MaxRetryAfter ? wait : _options.MaxRetryAfter)
                        : null),
                OnRetry = args =>
                {
                    if (_options.OnRetry is { } onRetry && args.Outcome.Exception is { } ex)
                    {
                        var failure = ModelFailure.Classify(ex);
                        onRetry(new RetryAttempt(args.AttemptNumber + 1, failure.Kind, failure.StatusCode, args.RetryDelay,
                            failure.RetryAfter is not null));
                    }

                    return ValueTask.CompletedTask;
                },
            }).Build();
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var attempts = 0;
        try
        {
            var response = await _pipeline.ExecuteAsync(async token =>
            {
                Interlocked.Increment(ref attempts);
                return await base.GetResponseAsync(list, options, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[ModelCallProperties.Attempts] = attempts;
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
            throw ModelFailure.Classify(ex).ToException(attempts);
        }
    }
}
