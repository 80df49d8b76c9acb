using Microsoft.Extensions.AI;
using Polly;
using Polly.Hedging;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Tail control: when the first reply is slower than usual, sends a duplicate and keeps whichever
/// answers first (Polly hedging); the loser is cancelled and its budget reservation released. Only
/// the winner's response travels up, so accounting records its usage once. The number of duplicates
/// sent is reported as <see cref="ModelCallProperties.HedgedRequests"/>.
/// </summary>
public sealed class HedgingChatClient : DelegatingChatClient
{
    private readonly HedgingOptions _options;
    private readonly ResiliencePipeline<ChatResponse> _pipeline;

    public HedgingChatClient(IChatClient innerClient, HedgingOptions options) : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxHedgedRequests, 1);
        _options = options;
        _pipeline = new ResiliencePipelineBuilder<ChatResponse>().AddHedging(new HedgingStrategyOptions<ChatResponse>
        {
            MaxHedgedAttempts = options.MaxHedgedRequests,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested &&
                ModelFailure.Classify(ex).IsTransient),
            DelayGenerator = _ => ValueTask.FromResult(CurrentDelay()),
        }).Build();
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var sent = 0;
        var response = await _pipeline.ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref sent);
            return await base.GetResponseAsync(list, options, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[ModelCallProperties.HedgedRequests] = sent - 1;
        return response;
    }

    private TimeSpan CurrentDelay()
    {
        var delay = _options.Latency?.P95 ?? _options.Delay;
        return delay < _options.MinDelay ? _options.MinDelay : delay;
    }
}
