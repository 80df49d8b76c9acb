using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tunewise.Data;

namespace Tunewise.FineTuning.Export;

/// <summary>Turns examples into chat messages and writes them as <c>{"messages":[…]}</c> JSON lines.</summary>
public static class ChatConversion
{
    private static readonly JsonWriterOptions LineOptions = new()
    {
        // Keeps non-ASCII text readable in the file; the output is still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static IReadOnlyList<ChatMessage> ToMessages(Example example, ChatFields fields)
    {
        var messages = new List<ChatMessage>(3);
        var system = fields.SystemField is null ? fields.SystemPrompt : Field(example, fields.SystemField, allowEmpty: true);
        if (!string.IsNullOrEmpty(system))
        {
            messages.Add(new ChatMessage("system", system));
        }

        messages.Add(new ChatMessage("user", Field(example, fields.InputField, allowEmpty: false)));
        messages.Add(new ChatMessage("assistant", Field(example, fields.ExpectedField, allowEmpty: false)));
        return messages;
    }

    public static string ToJsonLine(IReadOnlyList<ChatMessage> messages)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, LineOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("messages");
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", message.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static async Task WriteJsonlAsync(string path, IEnumerable<Example> examples, ChatFields fields, CancellationToken cancellationToken)
    {
        await using var stream = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        foreach (var example in examples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await stream.WriteLineAsync(ToJsonLine(ToMessages(example, fields)));
        }
    }

    private static string Field(Example example, string field, bool allowEmpty)
    {
        if (!example.Fields.TryGetValue(field, out var value))
        {
            throw new UserInputException(
                $"{example.Source}: example '{example.Id}' has no field '{field}'. Fields present: {string.Join(", ", example.Fields.Keys)}.");
        }

        if (!allowEmpty && string.IsNullOrWhiteSpace(value))
        {
            throw new UserInputException($"{example.Source}: example '{example.Id}' has an empty '{field}'. A training turn needs text.");
        }

        return value;
    }
}
