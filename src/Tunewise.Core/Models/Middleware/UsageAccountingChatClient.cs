using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Models.Middleware;

/// <summary>
/// The outermost layer: turns each logical call into exactly one <see cref="CallRecord"/> (tokens,
/// dollars, latency, cache hit, attempts or error) and attaches it to the response. Sitting above
/// cache, retries and hedging, it only ever sees the one response the caller gets, so nothing is
/// billed twice. Any failure leaves as a <see cref="ModelCallException"/>, never a raw provider error.
/// Streaming calls are served through the non-streaming path so every layer sees whole responses.
/// </summary>
public sealed class UsageAccountingChatClient : DelegatingChatClient
{
    private readonly string _model;
    private readonly ModelPrice? _price;
    private readonly Action<CallRecord>? _onRecord;

    public UsageAccountingChatClient(IChatClient innerClient, string model, ModelPrice? price, Action<CallRecord>? onRecord = null)
        : base(innerClient)
    {
        _model = model;
        _price = price;
        _onRecord = onRecord;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = ex as ModelCallException ?? ModelFailure.Classify(ex).ToException(attempts: 1);
            _onRecord?.Invoke(new CallRecord
            {
                Model = _model,
                StartedAt = startedAt,
                Latency = clock.Elapsed,
                Attempts = error.Attempts,
                Error = error.Kind,
                ErrorMessage = error.Message,
            });
            if (ReferenceEquals(error, ex))
            {
                throw;
            }

            throw error;
        }

        var record = Account(response, list, options, startedAt, clock.Elapsed);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[ModelCallProperties.Call] = record;
        _onRecord?.Invoke(record);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private CallRecord Account(ChatResponse response, IReadOnlyList<ChatMessage> messages, ChatOptions? options,
        DateTimeOffset startedAt, TimeSpan latency)
    {
        var cacheHit = response.AdditionalProperties?.TryGetValue(ModelCallProperties.CacheHit, out var hit) == true && hit is true;
        var attempts = response.AdditionalProperties?.TryGetValue(ModelCallProperties.Attempts, out var a) == true && a is int n ? n : 1;
        var hedged = response.AdditionalProperties?.TryGetValue(ModelCallProperties.HedgedRequests, out var h) == true && h is int d ? d : 0;
        var usage = response.Usage;
        var estimated = usage?.InputTokenCount is null || usage.OutputTokenCount is null;
        var input = usage?.InputTokenCount ?? TokenEstimator.CountInput(messages, options);
        var output = usage?.OutputTokenCount ?? TokenEstimator.CountOutput(response);
        var cached = usage?.CachedInputTokenCount ?? 0;
        return new CallRecord
        {
            Model = _model,
            StartedAt = startedAt,
            Latency = latency,
            InputTokens = input,
            CachedInputTokens = cached,
            OutputTokens = output,
            UsageEstimated = estimated,
            CacheHit = cacheHit,
            Attempts = cacheHit ? 0 : attempts,
            HedgedRequests = cacheHit ? 0 : hedged,
            CostUsd = cacheHit ? 0m : _price?.CostOf(input, cached, output),
        };
    }
}
