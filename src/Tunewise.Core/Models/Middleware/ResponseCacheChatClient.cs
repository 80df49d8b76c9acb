using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Serves repeated calls from <see cref="SqliteResponseCache"/> so a rerun does not pay twice. A hit is
/// marked in the response (<see cref="ModelCallProperties.CacheHit"/>) and accounted at $0.
/// Failures are never cached.
/// </summary>
public sealed class ResponseCacheChatClient : DelegatingChatClient
{
    private readonly SqliteResponseCache _cache;
    private readonly string _modelIdentity;

    /// <param name="modelIdentity">
    /// Text naming the exact model: reference, endpoint and weights or adapter hash. The provider's
    /// <see cref="ChatClientMetadata"/> is added to it.
    /// </param>
    public ResponseCacheChatClient(IChatClient innerClient, SqliteResponseCache cache, string modelIdentity) : base(innerClient)
    {
        _cache = cache;
        var metadata = innerClient.GetService<ChatClientMetadata>();
        _modelIdentity = $"{modelIdentity}|{metadata?.ProviderName}|{metadata?.ProviderUri}|{metadata?.DefaultModelId}";
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var key = ResponseCacheKey.Compute(_modelIdentity, list, options);
        if (await _cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            cached.AdditionalProperties ??= [];
            cached.AdditionalProperties[ModelCallProperties.CacheHit] = true;
            return cached;
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        await _cache.SetAsync(key, _modelIdentity, WithoutCallFacts(response), cancellationToken).ConfigureAwait(false);
        return response;
    }

    // Attempts and accounting belong to the call that paid, not to later hits.
    private static ChatResponse WithoutCallFacts(ChatResponse response)
    {
        if (response.AdditionalProperties is not { } properties || !properties.Keys.Any(ModelCallProperties.IsTunewiseKey))
        {
            return response;
        }

        var kept = new AdditionalPropertiesDictionary();
        foreach (var (key, value) in properties.Where(p => !ModelCallProperties.IsTunewiseKey(p.Key)))
        {
            kept[key] = value;
        }

        return new ChatResponse(response.Messages)
        {
            ResponseId = response.ResponseId,
            ConversationId = response.ConversationId,
            ModelId = response.ModelId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
            Usage = response.Usage,
            AdditionalProperties = kept,
        };
    }
}
