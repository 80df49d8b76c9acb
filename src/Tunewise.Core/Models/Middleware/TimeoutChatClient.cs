using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Cuts an attempt that runs past the <see cref="AdaptiveTimeout"/>, so a stalled reply frees its
/// worker quickly and the retry layer above sends a fresh request.
/// </summary>
public sealed class TimeoutChatClient : DelegatingChatClient
{
    private readonly AdaptiveTimeout _timeout;

    public TimeoutChatClient(IChatClient innerClient, AdaptiveTimeout timeout) : base(innerClient) => _timeout = timeout;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var limit = _timeout.Current;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await base.GetResponseAsync(messages, options, attempt.Token).ConfigureAwait(false);
            _timeout.RecordSuccess(clock.Elapsed);
            return response;
        }
        catch (Exception ex) when (ex is not ModelCallException && attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelCallTimeoutException(limit);
        }
    }
}
