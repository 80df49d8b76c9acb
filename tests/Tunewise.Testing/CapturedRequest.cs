using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tunewise.Testing;

/// <summary>A request as a <see cref="LocalServer"/> received it. Header names are lower case; the path has no query.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The body as a mutable JSON tree.</summary>
    public JsonNode Node => JsonNode.Parse(Body) ?? throw new InvalidDataException("the request body is JSON null");

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>
    /// The parts of a <c>multipart/form-data</c> body by name, each as text (a file part's content, too). Enough for the
    /// uploads tests receive; not a general parser (no nested multipart, no transfer encodings).
    /// </summary>
    public IReadOnlyDictionary<string, string> Form()
    {
        var type = Header("content-type") ?? throw new InvalidDataException("no Content-Type");
        var boundary = type.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"not multipart: {type}");
        var delimiter = "--" + boundary["boundary=".Length..].Trim('"');
        var parts = new Dictionary<string, string>();
        foreach (var part in Body.Split(delimiter).Skip(1))
        {
            if (part.StartsWith("--", StringComparison.Ordinal)) break; // the closing delimiter
            var split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0) throw new InvalidDataException($"a multipart part without a blank line after its headers: {part[..Math.Min(part.Length, 80)]}");
            var disposition = part[..split].Split("\r\n").FirstOrDefault(h => h.StartsWith("content-disposition:", StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDataException("a multipart part without Content-Disposition");
            var name = disposition.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("name=", StringComparison.OrdinalIgnoreCase))?["name=".Length..].Trim('"')
                ?? throw new InvalidDataException($"a multipart part without a name: {disposition}");
            var content = part[(split + 4)..];
            parts[name] = content.EndsWith("\r\n", StringComparison.Ordinal) ? content[..^2] : content;
        }
        return parts;
    }

    internal static CapturedRequest From(FakeOpenAI.HttpRequest request)
    {
        var query = request.Path.IndexOf('?', StringComparison.Ordinal);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        return new(request.Method, query < 0 ? request.Path : request.Path[..query], headers, Encoding.UTF8.GetString(request.Body));
    }
}
