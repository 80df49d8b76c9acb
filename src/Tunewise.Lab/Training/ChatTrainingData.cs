using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Tokenization;

namespace Tunewise.Lab.Training;

/// <summary>
/// Reads fine-tuning data from JSONL: either chat lines (<c>{"messages": [{"role", "content"}, …]}</c>,
/// ending with the assistant's answer) or input/expected lines (<c>{"input": …, "expected": …}</c>).
/// </summary>
public static class ChatTrainingData
{
    public static List<IReadOnlyList<ChatMessageText>> Load(string path) => [.. LoadLines(path).Select(c => c.Messages)];

    /// <summary>Each conversation with the line of the file it is on, for messages that name where an example is.</summary>
    public static List<(int Line, IReadOnlyList<ChatMessageText> Messages)> LoadLines(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"Training data '{path}' does not exist.");
        var conversations = new List<(int Line, IReadOnlyList<ChatMessageText> Messages)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject row;
            try
            {
                row = JsonNode.Parse(line) as JsonObject ?? throw new UserInputException($"{path}:{lineNumber}: expected a JSON object.");
            }
            catch (JsonException ex)
            {
                throw new UserInputException($"{path}:{lineNumber}: not valid JSON: {ex.Message}", ex);
            }
            conversations.Add((lineNumber, Read(row, path, lineNumber)));
        }
        if (conversations.Count == 0) throw new UserInputException($"Training data '{path}' has no examples.");
        return conversations;
    }

    private static List<ChatMessageText> Read(JsonObject row, string path, int line)
    {
        if (row["messages"] is JsonArray messages)
        {
            var result = new List<ChatMessageText>();
            for (var i = 0; i < messages.Count; i++)
            {
                var role = Text(messages[i]?["role"]) ?? throw new UserInputException($"{path}:{line}: field 'messages[{i}].role' is missing or not a string.");
                var content = Text(messages[i]?["content"]) ?? throw new UserInputException($"{path}:{line}: field 'messages[{i}].content' is missing or not a string.");
                result.Add(new ChatMessageText(role, content));
            }
            if (result.Count < 2 || result[^1].Role != "assistant")
                throw new UserInputException($"{path}:{line}: field 'messages' must end with an assistant message after at least one prompt message.");
            return result;
        }
        var input = Text(row["input"]) ?? throw new UserInputException($"{path}:{line}: expected a 'messages' array or string fields 'input' and 'expected'; 'input' is missing.");
        var expected = Text(row["expected"]) ?? throw new UserInputException($"{path}:{line}: field 'expected' is missing or not a string.");
        return [new ChatMessageText("user", input), new ChatMessageText("assistant", expected)];
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
