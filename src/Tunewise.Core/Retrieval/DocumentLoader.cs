using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tunewise.Data;

namespace Tunewise.Retrieval;

/// <summary>
/// Loads a retrieval corpus from a folder (searched recursively) or a single file. Markdown and text
/// files are one document each, HTML files are stripped to their visible text, and JSONL files hold
/// one document per line with an <c>id</c> and a <c>text</c> (or <c>content</c>) field.
/// </summary>
public static partial class DocumentLoader
{
    /// <summary>File extensions read as documents; other files in the folder are ignored.</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".md", ".markdown", ".txt", ".html", ".htm", ".jsonl"];

    /// <summary>All documents under <paramref name="path"/>, ordered by id so the corpus is the same on every machine.</summary>
    /// <exception cref="UserInputException">The path is missing, holds no readable documents, or a file is malformed.</exception>
    public static async Task<IReadOnlyList<SourceDocument>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        string root;
        IEnumerable<string> files;
        if (File.Exists(fullPath))
        {
            root = Path.GetDirectoryName(fullPath) ?? ".";
            files = [fullPath];
        }
        else if (Directory.Exists(fullPath))
        {
            root = fullPath;
            files = Directory.EnumerateFiles(fullPath, "*", SearchOption.AllDirectories)
                .Where(file => SupportedExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()));
        }
        else
        {
            throw new UserInputException($"{fullPath}: the documents folder does not exist (task.documents).");
        }

        var documents = new List<SourceDocument>();
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var document in await ReadFileAsync(root, file, cancellationToken).ConfigureAwait(false))
            {
                if (seen.TryGetValue(document.Id, out var first))
                    throw new UserInputException($"{document.Source}: document id '{document.Id}' is used twice (first at {first}); ids must be unique.");
                seen.Add(document.Id, document.Source);
                documents.Add(document);
            }
        }

        if (documents.Count == 0)
        {
            throw new UserInputException(
                $"{fullPath}: no documents with text found; expected {string.Join(", ", SupportedExtensions)} files (JSONL rows need 'id' and 'text' or 'content').");
        }
        documents.Sort((left, right) => string.CompareOrdinal(left.Id, right.Id));
        return documents;
    }

    private static async Task<IReadOnlyList<SourceDocument>> ReadFileAsync(string root, string file, CancellationToken cancellationToken)
    {
        string content;
        try
        {
            content = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{file}: cannot read this document: {exception.Message}", exception);
        }

        var extension = Path.GetExtension(file).ToLowerInvariant();
        if (extension == ".jsonl")
            return ReadJsonLines(file, content);

        var text = extension is ".html" or ".htm" ? HtmlToText(content) : content.Replace("\r\n", "\n", StringComparison.Ordinal);
        // An empty file is skipped rather than fatal: a corpus often has stray placeholders. A corpus
        // with no text at all is still an error (see LoadAsync).
        if (string.IsNullOrWhiteSpace(text))
            return [];
        var id = Path.GetRelativePath(root, file).Replace('\\', '/');
        return [new SourceDocument(id, text.Trim(), new SourceLocation(file, 0))];
    }

    private static List<SourceDocument> ReadJsonLines(string file, string content)
    {
        var documents = new List<SourceDocument>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            var location = new SourceLocation(file, i + 1);
            JsonElement row;
            try
            {
                using var parsed = JsonDocument.Parse(line);
                row = parsed.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new UserInputException($"{location}: not valid JSON ({exception.Message}); expected one object per line with 'id' and 'text'.", exception);
            }
            if (row.ValueKind != JsonValueKind.Object)
                throw new UserInputException($"{location}: expected a JSON object with 'id' and 'text', got {row.ValueKind}.");

            var id = ReadScalar(row, "id");
            if (string.IsNullOrWhiteSpace(id))
                throw new UserInputException($"{location}: field 'id' is missing or empty; every document needs a stable id.");
            var text = ReadScalar(row, "text") ?? ReadScalar(row, "content");
            if (text is null)
                throw new UserInputException($"{location}: document '{id}' has no 'text' or 'content' field.");
            if (string.IsNullOrWhiteSpace(text))
                continue;
            documents.Add(new SourceDocument(id, text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(), location));
        }
        return documents;
    }

    private static string? ReadScalar(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>The visible text of an HTML page: scripts, styles and tags removed, entities decoded, block ends kept as paragraph breaks.</summary>
    internal static string HtmlToText(string html)
    {
        var text = InvisibleElements().Replace(html, " ");
        text = BlockEnds().Replace(text, "\n\n");
        text = Tags().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        text = SpaceRuns().Replace(text, " ");
        text = BlankRuns().Replace(text, "\n\n");
        return text.Trim();
    }

    [GeneratedRegex(@"<(script|style|head|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleElements();

    [GeneratedRegex(@"</(p|div|h[1-6]|li|tr|section|article|pre|blockquote)\s*>|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnds();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex SpaceRuns();

    [GeneratedRegex(@"\s*\n\s*\n\s*")]
    private static partial Regex BlankRuns();
}
