namespace Tunewise.Data.Loading;

/// <summary>One row as read from a file, before mapping: either its fields, or why it is malformed.</summary>
internal sealed record RawRow(SourceLocation Source, Dictionary<string, string>? Fields, string? Field = null, string? Error = null)
{
    public static RawRow Malformed(SourceLocation source, string? field, string error) => new(source, null, field, error);
}
