using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;

namespace Tunewise.Lab.Chat;

/// <summary>
/// An <see cref="IChatClient"/> over a lab checkpoint. Generation is serialized: one model, one
/// request at a time. Metadata carries a SHA-256 of the weights so caches can key on it.
/// </summary>
internal sealed class LabChatClient : IChatClient
{
    private readonly TextGenerator _generator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata;

    public LabChatClient(LlamaModel model, LabTokenizer tokenizer, string modelId, string weightsHash)
    {
        _generator = new TextGenerator(model, tokenizer);
        ModelId = modelId;
        WeightsHash = weightsHash;
        _metadata = new ChatClientMetadata("tunewise-lab", null, $"{modelId}@sha256:{weightsHash}");
    }

    public string ModelId { get; }

    /// <summary>SHA-256 of the checkpoint's safetensors files, plus any adapter applied.</summary>
    public string WeightsHash { get; private set; }

    public LlamaModel Model => _generator.Model;

    /// <summary>
    /// Changes the model in place (for example by putting adapter layers in via
    /// <see cref="LlamaModel.ReplaceLinear"/>) while no generation runs, and records the new
    /// weights identity so cached answers of the base model are not reused.
    /// </summary>
    public void ApplyAdapter(Action<LlamaModel> apply, string adapterHash)
    {
        _gate.Wait();
        try
        {
            apply(_generator.Model);
            WeightsHash = $"{WeightsHash}+{adapterHash}";
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = BuildPrompt(messages);
        var generation = ToGenerationOptions(options);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        GenerationResult result;
        try
        {
            result = await Task.Run(() => _generator.Generate(prompt, generation, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ModelId = ModelId,
            FinishReason = result.FinishReason == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = result.PromptTokens,
                OutputTokenCount = result.Tokens.Count,
                TotalTokenCount = result.PromptTokens + result.Tokens.Count,
            },
            AdditionalProperties = new AdditionalPropertiesDictionary { ["weights_sha256"] = WeightsHash },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        if (serviceType.IsInstanceOfType(this)) return this;
        if (serviceType == typeof(LlamaModel)) return _generator.Model;
        if (serviceType == typeof(TextGenerator)) return _generator;
        return null;
    }

    public void Dispose()
    {
        _generator.Model.Dispose();
        _gate.Dispose();
    }

    private int[] BuildPrompt(IEnumerable<ChatMessage> messages)
    {
        var texts = messages.Select(m => new ChatMessageText(m.Role.Value, m.Text)).ToList();
        var tokenizer = _generator.Tokenizer;
        if (tokenizer.ChatTemplate is not null)
        {
            // The template writes any BOS itself, so no special tokens are added on top.
            return tokenizer.Encode(tokenizer.FormatChat(texts));
        }
        return tokenizer.Encode(tokenizer.FormatChat(texts), addSpecialTokens: true);
    }

    private static GenerationOptions ToGenerationOptions(ChatOptions? options)
    {
        if (options is null) return new GenerationOptions();
        return new GenerationOptions
        {
            Temperature = options.Temperature is { } t and > 0 ? t : 0,
            MaxNewTokens = options.MaxOutputTokens ?? 128,
            StopSequences = options.StopSequences?.ToList() ?? [],
            Seed = options.Seed is { } seed ? unchecked((int)seed) : null,
            TopP = options.TopP,
            TopK = options.TopK,
        };
    }
}
