using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Testing;

/// <summary>What a <see cref="LocalServer"/> route answers: a status, a body, and extra headers.</summary>
public sealed record ReplayResponse(int Status, string Body, string ContentType = "application/json",
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Reads a recorded body from a file copied next to the test assembly.</summary>
    public static ReplayResponse FromFile(string relativePath, int status = 200, string contentType = "application/json",
        IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)), contentType, headers);

    /// <summary>A 200 JSON answer; property names are written as declared.</summary>
    public static ReplayResponse Json(object value) => new(200, value is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(value));

    public static ReplayResponse Text(string text) => new(200, text, "text/plain; charset=utf-8");

    /// <summary>A 200 OpenAI chat completion answering <paramref name="content"/>, with the given usage.</summary>
    public static ReplayResponse ChatCompletion(string content, string model, int promptTokens, int completionTokens, string id = "chatcmpl-test",
        long created = 0) => Json(new JsonObject
    {
        ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0, ["finish_reason"] = "stop", ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
    });
}
