namespace Tunewise.Lab.Tests.Tokenization.Families;

/// <summary>
/// Conversations as Hugging Face's apply_chat_template receives them: plain dictionaries, so tool calls
/// and tool call ids can ride along with role and content.
/// </summary>
internal static class Conversations
{
    public static Dictionary<string, object?> Turn(string role, object? content) => new() { ["role"] = role, ["content"] = content };

    public static Dictionary<string, object?> ToolCall(string name, Dictionary<string, object?> arguments, string? id = null)
    {
        var call = new Dictionary<string, object?>
        {
            ["type"] = "function",
            ["function"] = new Dictionary<string, object?> { ["name"] = name, ["arguments"] = arguments },
        };
        if (id is not null) call["id"] = id;
        return call;
    }

    public static Dictionary<string, object?> CallingTurn(params Dictionary<string, object?>[] calls) =>
        new() { ["role"] = "assistant", ["content"] = "", ["tool_calls"] = calls };

    public static Dictionary<string, object?> ToolResult(string content, string? callId = null)
    {
        var turn = Turn("tool", content);
        if (callId is not null) turn["tool_call_id"] = callId;
        return turn;
    }

    /// <summary>An OpenAI-style function definition, with a non-ASCII character JSON must keep as is.</summary>
    public static Dictionary<string, object?> WeatherTool() => new()
    {
        ["type"] = "function",
        ["function"] = new Dictionary<string, object?>
        {
            ["name"] = "get_weather",
            ["description"] = "Current temperature in °C for a city.",
            ["parameters"] = new Dictionary<string, object?>
            {
                ["type"] = "object",
                ["properties"] = new Dictionary<string, object?> { ["city"] = new Dictionary<string, object?> { ["type"] = "string" } },
                ["required"] = new[] { "city" },
            },
        },
    };

    /// <summary>The weather tool as json.dumps writes it without indent: ", " and ": " separators.</summary>
    public const string WeatherToolJson =
        "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Current temperature in °C for a city.\", " +
        "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}";

    public static Dictionary<string, object?> Paris() => new() { ["city"] = "Paris" };

    public static Dictionary<string, object?> With(object?[] messages, Dictionary<string, object?>? tools = null, params (string Key, object? Value)[] more)
    {
        var variables = new Dictionary<string, object?> { ["messages"] = messages };
        if (tools is not null) variables["tools"] = new object?[] { tools };
        foreach (var (key, value) in more) variables[key] = value;
        return variables;
    }
}
