using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Models;

namespace Tunewise.Lab.Chat;

/// <summary>
/// An <see cref="IChatClient"/> over a lab checkpoint. Requests that arrive together are decoded
/// together: one worker takes up to <see cref="MaxBatch"/> waiting requests with the same generation
/// settings and similar prompt lengths, and runs them as one left-padded batch, which on a small model costs
/// little more than one.
/// Metadata carries a SHA-256 of the weights so caches can key on it.
/// </summary>
internal sealed class LabChatClient : IChatClient
{
    private readonly TextGenerator _generator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queueLock = new();
    private readonly List<Pending> _queue = [];
    private bool _draining;
    private ChatClientMetadata _metadata;

    /// <summary>Most requests decoded in one batch.</summary>
    public const int MaxBatch = 8;

    private sealed record Pending(int[] Prompt, GenerationOptions Options, string Key, TaskCompletionSource<GenerationResult> Result, CancellationToken CancellationToken);

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
            // The model id in the metadata is what response caches key on, so it must change with the weights.
            _metadata = new ChatClientMetadata("tunewise-lab", null, $"{ModelId}@sha256:{WeightsHash}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Completion mode is transformers' tokenizer(text): the tokenizer's own special tokens, and no chat template.
        var prompt = options.IsRawCompletion()
            ? _generator.Tokenizer.Encode(ModelCallProperties.RawCompletionText([.. messages]), addSpecialTokens: true)
            : BuildPrompt(messages);
        var generation = ToGenerationOptions(options);
        var result = await EnqueueAsync(prompt, generation, cancellationToken).ConfigureAwait(false);
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

    private Task<GenerationResult> EnqueueAsync(int[] prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        var key = string.Join("\u0001", options.MaxNewTokens, options.Temperature, options.TopP, options.TopK, options.Seed, options.StopAtEos,
            string.Join("\u0002", options.StopSequences), string.Join("\u0002", options.AllowedOutputs ?? []));
        var pending = new Pending(prompt, options, key, new TaskCompletionSource<GenerationResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        bool start;
        lock (_queueLock)
        {
            _queue.Add(pending);
            start = !_draining;
            _draining = true;
        }
        if (start) _ = Task.Run(DrainAsync, CancellationToken.None);
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_queueLock)
            {
                _queue.RemoveAll(p =>
                {
                    if (!p.CancellationToken.IsCancellationRequested) return false;
                    p.Result.TrySetCanceled(p.CancellationToken);
                    return true;
                });
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }
                // The oldest request, with the waiting requests closest to it in prompt length: a left-padded batch
                // costs as much as its longest prompt times its size, so similar lengths waste little on padding.
                var oldest = _queue[0];
                batch = _queue.Where(p => p.Key == oldest.Key)
                    .OrderBy(p => Math.Abs(p.Prompt.Length - oldest.Prompt.Length)).ThenBy(_queue.IndexOf)
                    .Take(MaxBatch).ToList();
                foreach (var p in batch) _queue.Remove(p);
            }
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var results = _generator.GenerateBatch(batch.Select(p => (IReadOnlyList<int>)p.Prompt).ToList(), batch[0].Options);
                for (int i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                foreach (var p in batch) p.Result.TrySetException(ex);
            }
            finally
            {
                _gate.Release();
            }
        }
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
            AllowedOutputs = options.GetAllowedOutputs(),
        };
    }
}
