using System.Text.Json;

namespace Tunewise.Testing;

/// <summary>A request as a <see cref="ReplayServer"/> received it. Header names are lower case.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
