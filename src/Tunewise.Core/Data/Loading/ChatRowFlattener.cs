using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Data.Loading;

/// <summary>
/// Flattens an OpenAI fine-tuning chat row into fields: <c>system</c> (if any), <c>input</c> (the last
/// user message), <c>expected</c> (the final assistant message) and <c>messages</c> (the whole
/// conversation before that final assistant turn, as compact JSON, so multi-turn context survives).
/// </summary>
internal static class ChatRowFlattener
{
    public const string SystemField = "system";
    public const string InputField = "input";
    public const string ExpectedField = "expected";
    public const string MessagesField = "messages";

    private static readonly string[] Roles = ["system", "user", "assistant", "developer", "tool"];

    public static RawRow Flatten(JsonElement root, Dictionary<string, string> fields, SourceLocation source)
    {
        if (!root.TryGetProperty(MessagesField, out var messages))
        {
            return RawRow.Malformed(source, MessagesField, "is missing; a chat row is {\"messages\":[{\"role\":...,\"content\":...}, ...]}");
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return RawRow.Malformed(source, MessagesField, $"must be a non-empty array, found {JsonlRowReader.Describe(messages.ValueKind)}");
        }

        var turns = new List<(string Role, string Content)>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            index++;
            if (message.ValueKind != JsonValueKind.Object)
            {
                return RawRow.Malformed(source, MessagesField, $"message {index} must be an object, found {JsonlRowReader.Describe(message.ValueKind)}");
            }

            if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String || !Roles.Contains(role.GetString()))
            {
                return RawRow.Malformed(source, MessagesField, $"message {index} needs a \"role\" of {string.Join(", ", Roles)}");
            }

            if (!message.TryGetProperty("content", out var content) || ContentText(content) is not { } text)
            {
                return RawRow.Malformed(source, MessagesField, $"message {index} needs a \"content\" string (or an array of text parts)");
            }

            turns.Add((role.GetString()!, text));
        }

        var conversation = turns;
        if (turns[^1].Role == "assistant")
        {
            fields[ExpectedField] = turns[^1].Content;
            conversation = turns.Take(turns.Count - 1).ToList();
        }

        var system = conversation.FirstOrDefault(t => t.Role is "system" or "developer");
        if (system.Content is not null)
        {
            fields[SystemField] = system.Content;
        }

        var lastUser = conversation.LastOrDefault(t => t.Role == "user");
        if (lastUser.Content is null)
        {
            return RawRow.Malformed(source, MessagesField, "has no user message before the final assistant message");
        }

        fields[InputField] = lastUser.Content;
        var array = new JsonArray();
        foreach (var (role, content) in conversation)
        {
            array.Add((JsonNode)new JsonObject { ["role"] = role, ["content"] = content });
        }

        fields[MessagesField] = array.ToJsonString();
        return new RawRow(source, fields);
    }

    private static string? ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                builder.Append(text.GetString());
            }
        }

        return builder.ToString();
    }
}
