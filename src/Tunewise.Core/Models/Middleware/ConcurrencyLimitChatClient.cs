using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>Caps calls in flight. Share one semaphore per provider so all models on it count together.</summary>
public sealed class ConcurrencyLimitChatClient : DelegatingChatClient
{
    private readonly SemaphoreSlim _slots;

    public ConcurrencyLimitChatClient(IChatClient innerClient, SemaphoreSlim slots) : base(innerClient) => _slots = slots;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
