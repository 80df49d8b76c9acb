using System.Net.Http.Headers;
using System.Text.Json;
using Tunewise.Serialization;
using Microsoft.Extensions.AI;
using Tunewise.Models.Providers.Http;

namespace Tunewise.Models.Providers;

/// <summary>
/// OpenAI's chat completions endpoint for the calls a study makes most: text messages in, one text answer out, with
/// sampling options and JSON mode. The request is the same JSON the official SDK sends and the answer is read the way
/// its Microsoft.Extensions.AI adapter reads it; everything else (tools, images, JSON schemas, instructions, streaming,
/// author names) is handed to the SDK client. Written directly so that a run of a thousand short calls does not spend
/// most of its CPU setting up and going through the SDK's pipeline (see <c>tunewise bench promptfoo</c>).
/// </summary>
internal sealed class ChatCompletionsClient : IChatClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _completions;
    private readonly Uri _textCompletions;
    private readonly string _model;
    private readonly Lazy<IChatClient> _sdk;
    private readonly ChatClientMetadata _metadata;

    /// <param name="endpoint">The API base, e.g. <c>https://api.openai.com/v1</c> or <c>http://127.0.0.1:8000/v1</c>.</param>
    /// <param name="shared">A caller's HTTP client to send through (not modified); null for an own connection pool.</param>
    /// <param name="sdk">The SDK client, created on first need, for the calls this client does not write itself.</param>
    public ChatCompletionsClient(Uri endpoint, string model, string key, HttpClient? shared, Func<IChatClient> sdk)
    {
        var transport = shared is null ? new SocketsHttpHandler() : (HttpMessageHandler)new HttpClientForwardingHandler(shared);
        _http = new HttpClient(new ProviderErrorHandler(OpenAIProvider.OpenAIName, [key], transport))
        {
            // The pipeline's adaptive timeout cuts stalled calls; this one must not fire first.
            Timeout = TimeSpan.FromMinutes(10),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _completions = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/chat/completions");
        _textCompletions = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/completions");
        _model = model;
        _sdk = new Lazy<IChatClient>(sdk);
        // As the SDK's adapter describes itself, so response-cache keys do not depend on which path served a call.
        _metadata = new ChatClientMetadata("openai", endpoint, model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var allowed = options.GetAllowedOutputs();
        if (options.IsRawCompletion())
            return await CompleteTextAsync(ModelCallProperties.RawCompletionText(list), options!, allowed, cancellationToken).ConfigureAwait(false);
        if (!IsPlain(list, options))
        {
            if (allowed is not null)
                throw new NotSupportedException("an answer restricted to a list of outputs (constrain: labels) is sent as a JSON-schema enum, which cannot be combined with tools, a response format or instructions");
            return await _sdk.Value.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _completions) { Content = new ByteArrayContent(Body(list, options)) };
        request.Content.Headers.ContentType = Json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var answer = Read(bytes);
        return allowed is null ? answer : UnwrapLabel(answer);
    }

    /// <summary>Completion mode: the text to continue, sent to <c>/v1/completions</c> with no chat template.</summary>
    private async Task<ChatResponse> CompleteTextAsync(string prompt, ChatOptions options, IReadOnlyList<string>? allowed, CancellationToken cancellationToken)
    {
        if (allowed is not null || options.ResponseFormat is not null || options.Tools is { Count: > 0 })
            throw new NotSupportedException("a completion-mode call (raw: true) is plain text: it cannot restrict its answer to labels, ask for JSON or call tools");
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options.ModelId ?? _model);
            json.WriteString("prompt", prompt);
            if (options.MaxOutputTokens is { } maxTokens)
                json.WriteNumber("max_tokens", maxTokens);
            if (options.Temperature is { } temperature)
                json.WriteNumber("temperature", temperature);
            if (options.TopP is { } topP)
                json.WriteNumber("top_p", topP);
            if (options.FrequencyPenalty is { } frequency)
                json.WriteNumber("frequency_penalty", frequency);
            if (options.PresencePenalty is { } presence)
                json.WriteNumber("presence_penalty", presence);
            if (options.Seed is { } seed)
                json.WriteNumber("seed", seed);
            WriteStop(json, options);
            json.WriteEndObject();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _textCompletions) { Content = new ByteArrayContent(buffer.ToArray()) };
        request.Content.Headers.ContentType = Json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return ReadText(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads a text completion (<c>choices[0].text</c>) as one assistant message, with its finish reason and usage.</summary>
    internal static ChatResponse ReadText(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array
            || choices.GetArrayLength() == 0 || !choices[0].TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("the text completion has no choices[0].text");
        }
        var id = JsonFields.String(root, "id");
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text.GetString()) { MessageId = id })
        {
            ResponseId = id,
            ModelId = JsonFields.String(root, "model"),
            FinishReason = JsonFields.String(choices[0], "finish_reason") switch
            {
                null => null,
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                var other => new ChatFinishReason(other),
            },
        };
        response.Usage = ReadUsage(root);
        return response;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        _sdk.Value.GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _sdk.Value.GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_sdk.IsValueCreated)
        {
            _sdk.Value.Dispose();
        }
    }

    /// <summary>Whether the call is one this client writes the same way the SDK would.</summary>
    internal static bool IsPlain(IReadOnlyList<ChatMessage> messages, ChatOptions? options) =>
        messages.Count > 0
        && messages.All(m => (m.Role == ChatRole.System || m.Role == ChatRole.User || m.Role == ChatRole.Assistant)
                             && m.AuthorName is null
                             && m.Contents is [var content] && PlainText.Is(content))
        && (options is null || (options.Tools is null or { Count: 0 } && options.ToolMode is null && options.AllowMultipleToolCalls is null
                                && options.Instructions is null && options.TopK is null && options.ConversationId is null
                                && options.RawRepresentationFactory is null && options.ContinuationToken is null
                                && options.ResponseFormat is null or ChatResponseFormatJson { Schema: null }));

    private byte[] Body(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (options?.FrequencyPenalty is { } frequency)
                json.WriteNumber("frequency_penalty", frequency);
            if (options?.PresencePenalty is { } presence)
                json.WriteNumber("presence_penalty", presence);
            if (options?.Temperature is { } temperature)
                json.WriteNumber("temperature", temperature);
            if (options?.TopP is { } topP)
                json.WriteNumber("top_p", topP);
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("content", ((TextContent)message.Contents[0]).Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("model", options?.ModelId ?? _model);
            if (options?.MaxOutputTokens is { } maxTokens)
                json.WriteNumber("max_completion_tokens", maxTokens);
            if (options?.Seed is { } seed)
                json.WriteNumber("seed", seed);
            WriteStop(json, options);

            if (options.GetAllowedOutputs() is { } allowed)
            {
                WriteLabelSchema(json, allowed);
            }
            else if (options?.ResponseFormat is ChatResponseFormatJson)
            {
                json.WriteStartObject("response_format");
                json.WriteString("type", "json_object");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Structured output restricted to the allowed outputs: an object with one enum field, the shape OpenAI's strict mode
    /// accepts and vLLM, llama.cpp server and LM Studio enforce by guided decoding.
    /// </summary>
    private static void WriteLabelSchema(Utf8JsonWriter json, IReadOnlyList<string> allowed)
    {
        json.WriteStartObject("response_format");
        json.WriteString("type", "json_schema");
        json.WriteStartObject("json_schema");
        json.WriteString("name", "label");
        json.WriteBoolean("strict", true);
        json.WriteStartObject("schema");
        json.WriteString("type", "object");
        json.WriteStartObject("properties");
        json.WriteStartObject(LabelField);
        json.WriteString("type", "string");
        json.WriteStartArray("enum");
        foreach (var output in allowed)
            json.WriteStringValue(output);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("required");
        json.WriteStringValue(LabelField);
        json.WriteEndArray();
        json.WriteBoolean("additionalProperties", false);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private const string LabelField = "label";

    /// <summary>The label out of the structured answer; an answer that is not the schema's object is kept as written (and scored as it is).</summary>
    internal static ChatResponse UnwrapLabel(ChatResponse response)
    {
        if (response.Messages is not [var message] || message.Text is not { } text)
            return response;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(LabelField, out var label) && label.ValueKind == JsonValueKind.String)
                message.Contents = [new TextContent(label.GetString())];
        }
        catch (JsonException)
        {
        }
        return response;
    }

    private static void WriteStop(Utf8JsonWriter json, ChatOptions? options)
    {
        if (options?.StopSequences is not { Count: > 0 } stop)
            return;
        json.WriteStartArray("stop");
        foreach (var sequence in stop)
            json.WriteStringValue(sequence);
        json.WriteEndArray();
    }

    /// <summary>The usage block of a chat or text completion (cached and reasoning tokens when the server reports them); null without one.</summary>
    private static UsageDetails? ReadUsage(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new UsageDetails
            {
                InputTokenCount = JsonFields.Int64(usage, "prompt_tokens"),
                OutputTokenCount = JsonFields.Int64(usage, "completion_tokens"),
                TotalTokenCount = JsonFields.Int64(usage, "total_tokens"),
                CachedInputTokenCount = usage.TryGetProperty("prompt_tokens_details", out var input) ? JsonFields.Int64(input, "cached_tokens") : null,
                ReasoningTokenCount = usage.TryGetProperty("completion_tokens_details", out var output) ? JsonFields.Int64(output, "reasoning_tokens") : null,
            }
            : null;

    /// <summary>Reads a chat completion as the SDK's adapter does: one assistant message, its id, model, time, finish reason and usage.</summary>
    internal static ChatResponse Read(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        // A body without a first choice and its message is as unusable as a truncated one: malformed, so it is retried.
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array
            || choices.GetArrayLength() == 0 || !choices[0].TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the chat completion has no choices[0].message");
        }

        var choice = choices[0];
        var id = JsonFields.String(root, "id");
        var answer = new ChatMessage(ChatRole.Assistant, JsonFields.String(message, "content") is { } content ? [new TextContent(content)] : [])
        {
            MessageId = id,
            CreatedAt = root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.Number
                ? DateTimeOffset.FromUnixTimeSeconds(created.GetInt64())
                : null,
        };
        var response = new ChatResponse(answer)
        {
            ResponseId = id,
            ModelId = JsonFields.String(root, "model"),
            CreatedAt = answer.CreatedAt,
            FinishReason = JsonFields.String(choice, "finish_reason") switch
            {
                null => null,
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                "content_filter" => ChatFinishReason.ContentFilter,
                "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
                var other => new ChatFinishReason(other),
            },
        };
        response.Usage = ReadUsage(root);
        return response;
    }
}
