namespace Tunewise.Data;

/// <summary>
/// One task example: a stable id and its named fields (input fields and the gold field alike).
/// <see cref="Source"/> says where it came from, so every later error can name the file and line.
/// </summary>
public sealed record Example(string Id, IReadOnlyDictionary<string, string> Fields, SourceLocation Source)
{
    public string this[string field] => Fields.TryGetValue(field, out var value)
        ? value
        : throw new KeyNotFoundException($"{Source}: example '{Id}' has no field '{field}'.");
}
