using Tunewise.Serialization;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// SHA-256 over everything that changes an answer: model identity (reference, endpoint, weights or
/// adapter hash), every answer-changing option (temperature, top_p, top_k, max tokens, penalties,
/// stop, seed, response format, tools, tool mode, instructions, provider-specific extras), the
/// messages, and for sampled calls the repeat index.
/// </summary>
public static class ResponseCacheKey
{
    public static string Compute(string modelIdentity, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("v", "1");
            json.WriteString("model", modelIdentity);
            json.WriteString("model_id", options?.ModelId);
            WriteOptions(json, options);
            // Written by hand (the same bytes an anonymous object would give) so no reflection metadata is built per process.
            json.WriteStartArray("messages");
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                if (message.AuthorName is { } name)
                {
                    json.WriteString("name", name);
                }

                json.WritePropertyName("contents");
                WriteContents(json, message.Contents);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>
    /// Plain text contents are written by hand, byte for byte as the serializer writes them; anything else goes through
    /// the serializer. Building its metadata for the whole content hierarchy costs a short run more than all its hashing.
    /// </summary>
    private static void WriteContents(Utf8JsonWriter json, IList<AIContent> contents)
    {
        if (!contents.All(PlainText.Is))
        {
            JsonSerializer.Serialize(json, contents, TypedJson.Info<IList<AIContent>>(AIJsonUtilities.DefaultOptions));
            return;
        }

        json.WriteStartArray();
        foreach (var content in contents)
        {
            json.WriteStartObject();
            json.WriteString("$type", "text");
            json.WriteString("text", ((TextContent)content).Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteOptions(Utf8JsonWriter json, ChatOptions? options)
    {
        WriteNumber(json, "temperature", options?.Temperature);
        WriteNumber(json, "top_p", options?.TopP);
        WriteNumber(json, "top_k", options?.TopK);
        WriteNumber(json, "max_output_tokens", options?.MaxOutputTokens);
        WriteNumber(json, "frequency_penalty", options?.FrequencyPenalty);
        WriteNumber(json, "presence_penalty", options?.PresencePenalty);
        WriteNumber(json, "seed", options?.Seed);
        json.WriteString("instructions", options?.Instructions);
        json.WritePropertyName("stop");
        JsonSerializer.Serialize(json, options?.StopSequences, TypedJson.Info<IList<string>?>(AIJsonUtilities.DefaultOptions));
        json.WriteString("response_format", DescribeFormat(options?.ResponseFormat));
        json.WriteString("tool_mode", options?.ToolMode?.ToString());
        json.WriteStartArray("tools");
        foreach (var tool in options?.Tools ?? [])
        {
            json.WriteStartObject();
            json.WriteString("type", tool.GetType().Name);
            json.WriteString("name", tool.Name);
            json.WriteString("description", tool.Description);
            if (tool is AIFunctionDeclaration function)
            {
                json.WriteString("schema", function.JsonSchema.GetRawText());
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        // Repeats of a deterministic call (temperature 0) share one answer; sampled repeats each get their own.
        var repeat = options.GetRepeatIndex();
        if (repeat != 0 && options?.Temperature is not 0f)
        {
            json.WriteNumber("repeat", repeat);
        }

        json.WriteStartObject("extra");
        foreach (var (key, value) in (options?.AdditionalProperties ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key is ModelCallProperties.RepeatIndex or ModelCallProperties.LatencyGroup)
            {
                continue;
            }

            json.WritePropertyName(key);
            JsonSerializer.Serialize(json, value, TypedJson.Info<object?>(AIJsonUtilities.DefaultOptions));
        }

        json.WriteEndObject();
    }

    private static string? DescribeFormat(ChatResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatText => "text",
        ChatResponseFormatJson j => string.Create(CultureInfo.InvariantCulture,
            $"json|{j.SchemaName}|{j.SchemaDescription}|{j.Schema?.GetRawText()}"),
        _ => format.GetType().FullName,
    };

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
