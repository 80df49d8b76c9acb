using Tunewise.Serialization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using global::Anthropic;
using global::Anthropic.Exceptions;
using global::Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using Tunewise.Models.Providers.Http;

namespace Tunewise.Models.Providers.Anthropic;

/// <summary>
/// The Anthropic SDK's own <see cref="IChatClient"/> plus what it lacks for evaluation work:
/// temperature, top_p and top_k (the SDK's typed request no longer carries them, so they go in as raw
/// body fields), a JSON instruction for a schema-less JSON format (the Messages API has no JSON mode;
/// a schema goes through the SDK as native structured output), one exception type carrying the status
/// and <c>Retry-After</c>, and no API key in any message.
/// </summary>
internal sealed class AnthropicChatClient : DelegatingChatClient
{
    internal const string JsonInstruction =
        "Respond with one valid JSON value and nothing else: no prose before or after it, no Markdown code fences.";

    private static readonly ChatProviderFeatures Features = new(JsonModeSupport.Instruction, JsonModeSupport.Native, Seed: false,
        "The Messages API has no JSON mode: a schema-less JSON format is requested by a system instruction. " +
        "A JSON schema is sent as native structured output. Seed is not supported and is ignored.");

    private readonly IAnthropicClient _client;
    private readonly string _model;
    private readonly int _defaultMaxOutputTokens;
    private readonly IReadOnlyList<string> _secrets;

    public AnthropicChatClient(IAnthropicClient client, string model, int defaultMaxOutputTokens, IReadOnlyList<string> secrets)
        : base(client.AsIChatClient(model, defaultMaxOutputTokens))
    {
        _client = client;
        _model = model;
        _defaultMaxOutputTokens = defaultMaxOutputTokens;
        _secrets = secrets;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (options.IsRawCompletion())
            throw new NotSupportedException("Anthropic's API has no completion mode (raw: true): its models answer chat messages only");
        // Never answer unconstrained when the caller asked for a restricted output.
        if (options.GetAllowedOutputs() is not null)
            throw new NotSupportedException("Anthropic cannot restrict its answer to a list of outputs (constrain: labels); use a lab, gguf, openai or openai-compatible model");
        try
        {
            return await base.GetResponseAsync(messages, Adapt(options), cancellationToken).ConfigureAwait(false);
        }
        catch (AnthropicException exception)
        {
            throw Translate(exception);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, Adapt(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (AnthropicException exception)
                {
                    throw Translate(exception);
                }

                yield return update;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override object? GetService(System.Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(ChatProviderFeatures))
            {
                return Features;
            }

            if (serviceType.IsInstanceOfType(_client))
            {
                return _client;
            }
        }

        return base.GetService(serviceType, serviceKey);
    }

    private ChatOptions? Adapt(ChatOptions? options)
    {
        if (options is null)
        {
            return null;
        }

        var adapted = options.Clone();
        if (options.ResponseFormat is ChatResponseFormatJson { Schema: null })
        {
            adapted.Instructions = string.IsNullOrEmpty(options.Instructions) ? JsonInstruction : options.Instructions + "\n\n" + JsonInstruction;
        }

        if (options.RawRepresentationFactory is null && (options.Temperature is not null || options.TopP is not null || options.TopK is not null))
        {
            var model = options.ModelId ?? _model;
            var maxTokens = options.MaxOutputTokens ?? _defaultMaxOutputTokens;
            var temperature = options.Temperature;
            var topP = options.TopP;
            var topK = options.TopK;
            adapted.RawRepresentationFactory = _ => SamplingParams(model, maxTokens, temperature, topP, topK);
        }

        return adapted;
    }

    /// <summary>
    /// A request seeded with the sampling fields; the SDK's adapter adds messages, system, stop
    /// sequences, output format and tools to it.
    /// </summary>
    private static MessageCreateParams SamplingParams(string model, int maxTokens, float? temperature, float? topP, int? topK)
    {
        var body = new Dictionary<string, JsonElement>
        {
            ["model"] = JsonSerializer.SerializeToElement(model, CoreJsonContext.Default.String),
            ["max_tokens"] = JsonSerializer.SerializeToElement(maxTokens, CoreJsonContext.Default.Int32),
            ["messages"] = JsonSerializer.SerializeToElement(Array.Empty<object>(), CoreJsonContext.Default.ObjectArray),
        };
        if (temperature is { } t)
        {
            body["temperature"] = JsonSerializer.SerializeToElement(Math.Round(t, 4), CoreJsonContext.Default.Double);
        }

        if (topP is { } p)
        {
            body["top_p"] = JsonSerializer.SerializeToElement(Math.Round(p, 4), CoreJsonContext.Default.Double);
        }

        if (topK is { } k)
        {
            body["top_k"] = JsonSerializer.SerializeToElement(k, CoreJsonContext.Default.Int32);
        }

        return MessageCreateParams.FromRawUnchecked(new Dictionary<string, JsonElement>(), new Dictionary<string, JsonElement>(), body);
    }

    private Exception Translate(AnthropicException exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is ProviderHttpException http)
            {
                return http;
            }
        }

        if (exception is AnthropicApiException api)
        {
            // Reached only when the caller's own HTTP stack bypassed the error handler: status without Retry-After.
            var message = ProviderErrorHandler.ParseError(api.ResponseBody ?? "").Message;
            return new ProviderHttpException(AnthropicProvider.Name, api.StatusCode,
                ProviderErrorHandler.Redact($"{AnthropicProvider.Name} returned HTTP {(int)api.StatusCode}: {message}", _secrets));
        }

        // Connection failures: keep the transport exception (socket error, timeout) as the cause for classification.
        var cause = exception.InnerException;
        var detail = cause is null ? exception.Message : $"{exception.Message}: {cause.Message}";
        return new HttpRequestException(ProviderErrorHandler.Redact($"{AnthropicProvider.Name}: {detail}", _secrets), cause);
    }
}
