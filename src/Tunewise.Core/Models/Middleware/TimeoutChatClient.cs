using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Cuts an attempt that runs past the <see cref="AdaptiveTimeout"/>, so a stalled reply frees its
/// worker quickly and the retry layer above sends a fresh request.
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    private readonly Func<ChatOptions?, AdaptiveTimeout> _timeoutFor;

    public TimeoutChatClient(IChatClient innerClient, AdaptiveTimeout timeout) : this(innerClient, _ => timeout)
    {
    }

    /// <summary>Each call's timeout is the one of its latency group (<see cref="ModelCallProperties.LatencyGroup"/>).</summary>
    public TimeoutChatClient(IChatClient innerClient, AdaptiveTimeoutGroups timeouts)
        : this(innerClient, options => timeouts.For(options.GetLatencyGroup()))
    {
    }

    private TimeoutChatClient(IChatClient innerClient, Func<ChatOptions?, AdaptiveTimeout> timeoutFor) : base(innerClient) => _timeoutFor = timeoutFor;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var timeout = _timeoutFor(options);
        var limit = timeout.Current;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await base.GetResponseAsync(messages, options, attempt.Token).ConfigureAwait(false);
            timeout.RecordSuccess(clock.Elapsed);
            return response;
        }
        catch (Exception ex) when (ex is not ModelCallException && attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelCallTimeoutException(limit);
        }
    }
}
