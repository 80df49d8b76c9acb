using System.Text.Json;
using Tunewise.Data;

namespace Tunewise.Cli.Commands.Export;

/// <summary>
/// Reads examples from JSONL: one object per line, string/number/bool fields become example fields,
/// the id is the "id" field or the line number. Errors name the file and line.
/// </summary>
internal static class ExampleJsonlReader
{
    public static IReadOnlyList<Example> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: file not found.");
        }

        var examples = new List<Example>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var location = new SourceLocation(path, lineNumber);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new UserInputException($"{location}: not valid JSON: {ex.Message}", ex);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new UserInputException($"{location}: expected a JSON object per line.");
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!,
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => throw new UserInputException($"{location}: field '{property.Name}' is an {property.Value.ValueKind}. Expected text."),
                    };
                }

                var id = fields.TryGetValue("id", out var given) && given.Length > 0 ? given : lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!ids.Add(id))
                {
                    throw new UserInputException($"{location}: duplicate id '{id}'.");
                }

                examples.Add(new Example(id, fields, location));
            }
        }

        return examples;
    }
}
