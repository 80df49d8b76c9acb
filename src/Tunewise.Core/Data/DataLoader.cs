using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Tunewise.Data.Loading;

namespace Tunewise.Data;

/// <summary>
/// Reads task data (CSV, JSON lines, chat JSON lines) as a stream of <see cref="Example"/>s: applies
/// the field mapping, checks every row, and gives each example a stable id (the id field, or a
/// content hash). Rows are read one at a time, so large files stream.
/// </summary>
public sealed class DataLoader
{
    private readonly DataLoadOptions _options;
    private readonly List<SkippedRow> _skipped = [];

    public DataLoader(DataLoadOptions? options = null) => _options = options ?? new DataLoadOptions();

    /// <summary>Rows skipped so far because they were malformed (only with <see cref="DataLoadOptions.SkipInvalid"/>).</summary>
    public IReadOnlyList<SkippedRow> Skipped => _skipped;

    /// <summary>The mapping after filling in what was inferred from the first row; null before any row is read.</summary>
    public DataMapping? ResolvedMapping { get; private set; }

    /// <summary>Reads a whole file into memory.</summary>
    public static async Task<LoadedData> LoadAsync(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DataLoadOptions();
        var loader = new DataLoader(options);
        var format = DetectFormat(path, options.Format);
        var examples = new List<Example>();
        await foreach (var example in loader.ReadAsync(path, cancellationToken).ConfigureAwait(false))
        {
            examples.Add(example);
        }

        return new LoadedData(path, format, loader.ResolvedMapping ?? options.Mapping, examples, loader.Skipped);
    }

    /// <summary>
    /// The format of <paramref name="path"/>: <paramref name="overrideFormat"/> when given, else by
    /// extension (.csv; .jsonl/.ndjson/.json), where JSON lines whose first row has "messages" are chat.
    /// </summary>
    public static DataFormat DetectFormat(string path, DataFormat? overrideFormat = null)
    {
        if (overrideFormat is { } format)
        {
            return format;
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".csv":
                return DataFormat.Csv;
            case ".jsonl" or ".ndjson" or ".json":
                return FirstJsonRowHasMessages(path) ? DataFormat.ChatJsonl : DataFormat.Jsonl;
            default:
                throw new UserInputException(
                    $"{path}: cannot tell the data format from the extension '{extension}'; use .csv, .jsonl or .json, or name the format (csv, jsonl, chat)");
        }
    }

    /// <summary>Parses a format name as used on the command line and in study files.</summary>
    public static DataFormat ParseFormat(string name) => name.Trim().ToLowerInvariant() switch
    {
        "csv" => DataFormat.Csv,
        "jsonl" or "json" or "ndjson" => DataFormat.Jsonl,
        "chat" or "chat-jsonl" or "chatjsonl" => DataFormat.ChatJsonl,
        _ => throw new UserInputException($"unknown data format '{name}'; expected csv, jsonl or chat"),
    };

    public async IAsyncEnumerable<Example> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var format = DetectFormat(path, _options.Format);
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: data file not found");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        await foreach (var example in ReadAsync(reader, path, format, cancellationToken).ConfigureAwait(false))
        {
            yield return example;
        }
    }

    public async IAsyncEnumerable<Example> ReadAsync(
        TextReader reader, string sourceName, DataFormat format, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = format switch
        {
            DataFormat.Csv => CsvRowReader.ReadAsync(reader, sourceName, cancellationToken),
            DataFormat.Jsonl => JsonlRowReader.ReadAsync(reader, sourceName, chat: false, cancellationToken),
            _ => JsonlRowReader.ReadAsync(reader, sourceName, chat: true, cancellationToken),
        };

        var givenIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var hashIdCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            var example = ToExample(row, givenIds, hashIdCounts);
            if (example is not null)
            {
                yield return example;
            }
        }
    }

    private Example? ToExample(RawRow row, Dictionary<string, long> givenIds, Dictionary<string, int> hashIdCounts)
    {
        if (row.Fields is null)
        {
            return Reject(new DataFormatException(row.Source, row.Field, row.Error!));
        }

        var fields = Rename(row.Fields);
        var mapping = ResolvedMapping ??= _options.Mapping.Resolve(fields.Keys);
        if (mapping.InputFields.Count == 0)
        {
            return Reject(new DataFormatException(row.Source, null,
                $"has no field to use as the input (columns are: {string.Join(", ", fields.Keys)}); name one with the study's task input or --input"));
        }
        foreach (var required in mapping.InputFields.Append(mapping.ExpectedField).Append(mapping.IdField))
        {
            if (required is not null && !fields.ContainsKey(required))
            {
                return Reject(new DataFormatException(row.Source, required, $"is missing (columns are: {string.Join(", ", fields.Keys)})"));
            }
        }

        string id;
        if (mapping.IdField is { } idField)
        {
            id = fields[idField].Trim();
            if (id.Length == 0)
            {
                return Reject(new DataFormatException(row.Source, idField, "is empty; every example needs an id when an id field is used"));
            }

            if (givenIds.TryGetValue(id, out var firstLine))
            {
                return Reject(new DataFormatException(row.Source, idField,
                    $"repeats id '{id}' already used at line {firstLine}; ids must be unique"));
            }

            givenIds[id] = row.Source.Line;
        }
        else
        {
            // Identical rows share a content hash; later copies get a suffix so every id stays unique
            // while the id of a given content never depends on where the row sits in the file.
            id = ExampleContent.Id(fields);
            var seen = hashIdCounts.GetValueOrDefault(id);
            hashIdCounts[id] = seen + 1;
            if (seen > 0)
            {
                id = $"{id}-{seen + 1}";
            }
        }

        return new Example(id, fields, row.Source);
    }

    private Dictionary<string, string> Rename(Dictionary<string, string> fields)
    {
        if (_options.Mapping.Renames.Count == 0)
        {
            return fields;
        }

        var renamed = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            renamed[_options.Mapping.Renames.GetValueOrDefault(name, name)] = value;
        }

        return renamed;
    }

    private Example? Reject(DataFormatException error)
    {
        if (!_options.SkipInvalid)
        {
            throw error;
        }

        _skipped.Add(new SkippedRow(error.Location, error.Field is null ? error.Reason : $"field '{error.Field}' {error.Reason}"));
        return null;
    }

    private static bool FirstJsonRowHasMessages(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("messages", out var messages)
                    && messages.ValueKind == JsonValueKind.Array;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }
}
