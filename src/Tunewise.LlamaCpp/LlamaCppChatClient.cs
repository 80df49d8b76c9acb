using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.AI;
using Tunewise.LlamaCpp.Grammars;
using Tunewise.Models;
using Tunewise.Models.Providers;

namespace Tunewise.LlamaCpp;

/// <summary>
/// A GGUF model run in-process by llama.cpp. Each call gets a fresh context and a fresh sampler chain
/// (seeded; greedy at temperature 0), the prompt is built with the model's own chat template, and a
/// JSON response format becomes a grammar, so its output parses unless cut by the token limit.
/// </summary>
internal sealed class LlamaCppChatClient : IChatClient
{
    private const int MaxDefaultContext = 4096;

    private static readonly ChatProviderFeatures Features = new(JsonModeSupport.Grammar, JsonModeSupport.Grammar, Seed: true,
        "JSON formats become a llama.cpp grammar (a schema's patterns, ranges and lengths are not enforced). " +
        "The prompt uses the chat template stored in the GGUF file.");

    private readonly string _path;
    private readonly LLamaWeights _weights;
    private readonly LlamaCppOptions _options;
    private readonly ChatClientMetadata _metadata;

    public LlamaCppChatClient(string path, LLamaWeights weights, LlamaCppOptions options)
    {
        _path = path;
        _weights = weights;
        _options = options;
        _metadata = new ChatClientMetadata(LlamaCppProvider.Name, new Uri(path), Path.GetFileName(path));
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var responseId = Guid.NewGuid().ToString("N");
        // Completion mode: the text as the tokenizer encodes it (BOS when the vocabulary adds one), with no chat template.
        var prompt = options.IsRawCompletion() ? ModelCallProperties.RawCompletionText([.. messages]) : ApplyChatTemplate(messages, options?.Instructions);
        var contextSize = (uint)(_options.ContextSize ?? Math.Min(_weights.ContextSize > 0 ? _weights.ContextSize : MaxDefaultContext, MaxDefaultContext));
        var parameters = new ModelParams(_path) { ContextSize = contextSize, Threads = _options.Threads, GpuLayerCount = 0 };
        using var context = _weights.CreateContext(parameters);
        var promptTokens = context.Tokenize(prompt, addBos: _weights.Vocab.ShouldAddBOS, special: true);
        if (promptTokens.Length >= contextSize)
        {
            throw new InvalidOperationException(
                $"the prompt is {promptTokens.Length} tokens but the context of '{Path.GetFileName(_path)}' holds {contextSize}; shorten it or raise the context size.");
        }

        var maxTokens = Math.Min(options?.MaxOutputTokens ?? _options.DefaultMaxOutputTokens, (int)contextSize - promptTokens.Length);
        var stops = (options?.StopSequences ?? []).Where(s => s.Length > 0).ToList();
        var holdBack = stops.Count == 0 ? 0 : stops.Max(s => s.Length) - 1;

        using var sampler = CreateSampler(options);
        var batch = new LLamaBatch();
        var position = 0;
        for (var start = 0; start < promptTokens.Length; start += (int)context.BatchSize)
        {
            batch.Clear();
            var chunk = promptTokens.AsSpan(start, Math.Min((int)context.BatchSize, promptTokens.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                batch.Add(chunk[i], position++, LLamaSeqId.Zero, logits: start + i == promptTokens.Length - 1);
            }

            await Decode(context, batch, cancellationToken).ConfigureAwait(false);
        }

        var decoder = new StreamingTokenDecoder(context);
        var text = new StringBuilder();
        var emitted = 0;
        var generated = 0;
        var finish = ChatFinishReason.Length;
        while (generated < maxTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
            if (token.IsEndOfGeneration(_weights.Vocab))
            {
                finish = ChatFinishReason.Stop;
                break;
            }

            generated++;
            decoder.Add(token);
            text.Append(decoder.Read());
            var current = text.ToString();
            var stopAt = stops.Select(s => current.IndexOf(s, Math.Max(0, emitted - holdBack), StringComparison.Ordinal))
                .Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (stopAt >= 0)
            {
                if (stopAt > emitted)
                {
                    yield return Update(current[emitted..stopAt], responseId);
                }

                emitted = stopAt;
                text.Length = stopAt;
                finish = ChatFinishReason.Stop;
                break;
            }

            var safe = current.Length - holdBack;
            if (safe > emitted)
            {
                yield return Update(current[emitted..safe], responseId);
                emitted = safe;
            }

            if (generated == maxTokens)
            {
                break;
            }

            batch.Clear();
            batch.Add(token, position++, LLamaSeqId.Zero, logits: true);
            await Decode(context, batch, cancellationToken).ConfigureAwait(false);
        }

        if (text.Length > emitted)
        {
            yield return Update(text.ToString(emitted, text.Length - emitted), responseId);
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant,
            [new UsageContent(new UsageDetails { InputTokenCount = promptTokens.Length, OutputTokenCount = generated, TotalTokenCount = promptTokens.Length + generated })])
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = _metadata.DefaultModelId,
            FinishReason = finish,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(ChatProviderFeatures))
        {
            return Features;
        }

        if (serviceType == typeof(LLamaWeights))
        {
            return _weights;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    // The weights are shared across clients of the same file and stay cached.
    public void Dispose()
    {
    }

    private ChatResponseUpdate Update(string text, string responseId) =>
        new(ChatRole.Assistant, text) { ResponseId = responseId, MessageId = responseId, ModelId = _metadata.DefaultModelId };

    /// <summary>The context a prompt must fit: the option when set, else the training context capped at the default.</summary>
    internal int ContextTokens => (int)(_options.ContextSize ?? Math.Min(_weights.ContextSize > 0 ? _weights.ContextSize : MaxDefaultContext, MaxDefaultContext));

    /// <summary>The model's training context (GGUF <c>&lt;arch&gt;.context_length</c>).</summary>
    internal int TrainingContextTokens => _weights.ContextSize;

    /// <summary>Tokens of a conversation as this client sends it; one ending in an assistant turn is counted as written.</summary>
    internal int CountTokens(IReadOnlyList<ChatMessage> messages)
    {
        var training = messages.Count > 0 && messages[^1].Role == ChatRole.Assistant;
        var text = ApplyChatTemplate(messages, null, addAssistant: !training);
        return _weights.Tokenize(text, _weights.Vocab.ShouldAddBOS, true, Encoding.UTF8).Length;
    }

    /// <summary>Tokens of a completion-mode text as this client sends it.</summary>
    internal int CountTextTokens(string text) => _weights.Tokenize(text, _weights.Vocab.ShouldAddBOS, true, Encoding.UTF8).Length;

    private string ApplyChatTemplate(IEnumerable<ChatMessage> messages, string? instructions, bool addAssistant = true)
    {
        LLamaTemplate template;
        try
        {
            template = new LLamaTemplate(_weights);
        }
        catch (RuntimeError exception)
        {
            throw new GgufModelException(_path,
                $"'{_path}' has no chat template (tokenizer.chat_template) that llama.cpp recognizes; it cannot format a conversation. A base model is asked in completion mode: prompt: {{ raw: true }} in a study, --raw on the command line.", exception);
        }

        if (!string.IsNullOrEmpty(instructions))
        {
            template.Add("system", instructions);
        }

        foreach (var message in messages)
        {
            template.Add(message.Role.Value, message.Text);
        }

        template.AddAssistant = addAssistant;
        try
        {
            return Encoding.UTF8.GetString(template.Apply());
        }
        catch (RuntimeError exception)
        {
            throw new GgufModelException(_path, $"llama.cpp could not apply the chat template of '{_path}': {exception.Message}", exception);
        }
    }

    private SafeLLamaSamplerChainHandle CreateSampler(ChatOptions? options)
    {
        var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (options.GetAllowedOutputs() is { } allowed)
        {
            // constrain: labels: only a whole label can be sampled, then the end of the turn.
            chain.AddGrammar(_weights.NativeHandle, ChoiceGrammar.For(allowed), ChoiceGrammar.RootRule);
        }
        else if (GrammarFor(options?.ResponseFormat) is { } grammar)
        {
            chain.AddGrammar(_weights.NativeHandle, grammar, JsonGrammar.RootRule);
        }

        var temperature = options?.Temperature ?? 0.8f;
        if (temperature <= 0f)
        {
            chain.AddGreedySampler();
            return chain;
        }

        if (options?.TopK is { } topK and > 0)
        {
            chain.AddTopK(topK);
        }

        if (options?.TopP is { } topP and > 0f and < 1f)
        {
            chain.AddTopP(topP, 1);
        }

        chain.AddTemperature(temperature);
        chain.AddDistributionSampler(options?.Seed is { } seed ? unchecked((uint)seed) : _options.DefaultSeed);
        return chain;
    }

    private static string? GrammarFor(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } => JsonGrammar.FromSchema(schema),
        ChatResponseFormatJson => JsonGrammar.AnyObject,
        _ => null,
    };

    private async Task Decode(LLamaContext context, LLamaBatch batch, CancellationToken cancellationToken)
    {
        var result = await context.DecodeAsync(batch, cancellationToken).ConfigureAwait(false);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp failed to evaluate tokens of '{Path.GetFileName(_path)}': {result}.");
        }
    }
}
