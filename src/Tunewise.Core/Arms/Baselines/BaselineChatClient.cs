using Microsoft.Extensions.AI;

namespace Tunewise.Arms.Baselines;

/// <summary>
/// A trained baseline classifier behind the chat interface, so its answers go through the same evaluation, scoring and
/// storage as every model's: the last user message is the example's input, the reply is the predicted label.
/// </summary>
internal sealed class BaselineChatClient(ITextClassifier classifier, string modelId) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("tunewise-baseline", defaultModelId: modelId);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var text = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var label = classifier.Classify(text);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, label))
        {
            ModelId = modelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(classifier) ? classifier : null;
    }

    public void Dispose()
    {
    }
}
