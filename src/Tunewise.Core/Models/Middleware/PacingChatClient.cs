using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>Waits for the <see cref="RequestPacer"/> before each attempt; tokens counted are input estimate plus max output.</summary>
public sealed class PacingChatClient : DelegatingChatClient
{
    private const int AssumedOutputTokens = 256;
    private readonly RequestPacer _pacer;

    public PacingChatClient(IChatClient innerClient, RequestPacer pacer) : base(innerClient) => _pacer = pacer;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        // Counting tokens loads the o200k tokenizer (tens of MB); only a tokens-per-minute limit needs it.
        var tokens = _pacer.LimitsTokens ? TokenEstimator.CountInput(list, options) + (options?.MaxOutputTokens ?? AssumedOutputTokens) : 0;
        await _pacer.WaitAsync(tokens, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
    }
}
