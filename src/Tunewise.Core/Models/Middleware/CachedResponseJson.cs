using System.Text;
using System.Text.Json;
using Tunewise.Serialization;
using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// How a response is stored in the cache. A plain text answer (one assistant message of text, usage counts, no
/// provider extras), which is nearly every answer a study caches, is written in a small fixed shape by hand; anything
/// else as Microsoft.Extensions.AI serializes a <see cref="ChatResponse"/>. Building the serializer's metadata for the
/// whole response and content hierarchy costs a short run more CPU than all its calls; rows in either shape read back.
/// </summary>
internal static class CachedResponseJson
{
    private const string PlainShape = "tunewise-text-1";

    public static string Write(ChatResponse response)
    {
        if (!IsPlainText(response))
        {
            return TypedJson.Serialize(response, AIJsonUtilities.DefaultOptions);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("shape", PlainShape);
            json.WriteString("text", string.Concat(response.Messages[0].Contents.Cast<TextContent>().Select(c => c.Text)));
            WriteOptional(json, "author_name", response.Messages[0].AuthorName);
            WriteOptional(json, "message_id", response.Messages[0].MessageId);
            WriteOptional(json, "response_id", response.ResponseId);
            WriteOptional(json, "conversation_id", response.ConversationId);
            WriteOptional(json, "model_id", response.ModelId);
            if (response.CreatedAt is { } created)
            {
                json.WriteString("created_at", created);
            }

            WriteOptional(json, "finish_reason", response.FinishReason?.Value);
            if (response.Usage is { } usage)
            {
                json.WriteStartObject("usage");
                WriteCount(json, "input", usage.InputTokenCount);
                WriteCount(json, "output", usage.OutputTokenCount);
                WriteCount(json, "total", usage.TotalTokenCount);
                WriteCount(json, "cached_input", usage.CachedInputTokenCount);
                WriteCount(json, "reasoning", usage.ReasoningTokenCount);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ChatResponse? Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("shape", out var shape) && shape.ValueEquals(PlainShape)))
        {
            return TypedJson.Deserialize<ChatResponse>(json, AIJsonUtilities.DefaultOptions);
        }

        var message = new ChatMessage(ChatRole.Assistant, root.GetProperty("text").GetString())
        {
            AuthorName = JsonFields.String(root, "author_name"),
            MessageId = JsonFields.String(root, "message_id"),
        };
        var response = new ChatResponse(message)
        {
            ResponseId = JsonFields.String(root, "response_id"),
            ConversationId = JsonFields.String(root, "conversation_id"),
            ModelId = JsonFields.String(root, "model_id"),
            CreatedAt = root.TryGetProperty("created_at", out var created) ? created.GetDateTimeOffset() : null,
            FinishReason = JsonFields.String(root, "finish_reason") is { } reason ? new ChatFinishReason(reason) : null,
        };
        if (root.TryGetProperty("usage", out var usage))
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = JsonFields.Int64(usage, "input"),
                OutputTokenCount = JsonFields.Int64(usage, "output"),
                TotalTokenCount = JsonFields.Int64(usage, "total"),
                CachedInputTokenCount = JsonFields.Int64(usage, "cached_input"),
                ReasoningTokenCount = JsonFields.Int64(usage, "reasoning"),
            };
        }

        return response;
    }

    /// <summary>What the plain shape holds without loss; the rest (tool calls, images, provider extras) takes the full one.</summary>
    private static bool IsPlainText(ChatResponse response) =>
        response.Messages is [var message]
        && message.Role == ChatRole.Assistant
        && message.AdditionalProperties is null or { Count: 0 }
        && message.Contents.Count > 0
        && message.Contents.All(PlainText.Is)
        && response.AdditionalProperties is null or { Count: 0 }
        && response.Usage?.AdditionalCounts is null or { Count: 0 }
        && response.ContinuationToken is null;

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteCount(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } count)
        {
            json.WriteNumber(name, count);
        }
    }
}
