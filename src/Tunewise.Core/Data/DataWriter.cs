using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Data.Loading;

namespace Tunewise.Data;

/// <summary>
/// Writes examples back in one of the loadable formats, so a split or cleaned file reads exactly
/// like the original. CSV columns follow the first example's field order; chat rows are rebuilt
/// from the <c>messages</c> conversation plus the <c>expected</c> assistant turn.
/// </summary>
public static class DataWriter
{
    public static async Task WriteAsync(string path, DataFormat format, IEnumerable<Example> examples, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = "\n";
        await WriteAsync(writer, format, examples, cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteAsync(TextWriter writer, DataFormat format, IEnumerable<Example> examples, CancellationToken cancellationToken = default)
    {
        string[]? columns = null;
        foreach (var example in examples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (format)
            {
                case DataFormat.Csv:
                    if (columns is null)
                    {
                        columns = example.Fields.Keys.ToArray();
                        await writer.WriteLineAsync(string.Join(',', columns.Select(QuoteCsv))).ConfigureAwait(false);
                    }

                    await writer.WriteLineAsync(string.Join(',', columns.Select(c => QuoteCsv(example.Fields.GetValueOrDefault(c, string.Empty))))).ConfigureAwait(false);
                    break;
                case DataFormat.Jsonl:
                    var row = new JsonObject();
                    foreach (var (name, value) in example.Fields)
                    {
                        row[name] = value;
                    }

                    await writer.WriteLineAsync(row.ToJsonString()).ConfigureAwait(false);
                    break;
                default:
                    await writer.WriteLineAsync(ChatLine(example).ToJsonString()).ConfigureAwait(false);
                    break;
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject ChatLine(Example example)
    {
        var messages = new JsonArray();
        if (example.Fields.TryGetValue(ChatRowFlattener.MessagesField, out var conversation) && JsonNode.Parse(conversation) is JsonArray earlier)
        {
            foreach (var message in earlier)
            {
                messages.Add(message?.DeepClone());
            }
        }
        else
        {
            if (example.Fields.TryGetValue(ChatRowFlattener.SystemField, out var system))
            {
                messages.Add((JsonNode)new JsonObject { ["role"] = "system", ["content"] = system });
            }

            messages.Add((JsonNode)new JsonObject { ["role"] = "user", ["content"] = example.Fields.GetValueOrDefault(ChatRowFlattener.InputField, string.Empty) });
        }

        if (example.Fields.TryGetValue(ChatRowFlattener.ExpectedField, out var expected))
        {
            messages.Add((JsonNode)new JsonObject { ["role"] = "assistant", ["content"] = expected });
        }

        var line = new JsonObject { ["messages"] = messages };
        foreach (var (name, value) in example.Fields)
        {
            if (name is not (ChatRowFlattener.MessagesField or ChatRowFlattener.SystemField or ChatRowFlattener.InputField or ChatRowFlattener.ExpectedField))
            {
                line[name] = value;
            }
        }

        return line;
    }

    private static string QuoteCsv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
}
