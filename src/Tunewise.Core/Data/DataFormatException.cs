namespace Tunewise.Data;

/// <summary>
/// A row of task data that cannot be read or mapped. The message names the file, the physical line
/// where the record starts, the field when one is involved, and what was expected.
/// </summary>
public sealed class DataFormatException : UserInputException
{
    public DataFormatException(SourceLocation source, string? field, string reason)
        : base(Compose(source, field, reason))
    {
        Location = source;
        Field = field;
        Reason = reason;
    }

    public SourceLocation Location { get; }

    public string? Field { get; }

    public string Reason { get; }

    private static string Compose(SourceLocation source, string? field, string reason) =>
        field is null ? $"{source}: {reason}" : $"{source}: field '{field}' {reason}";
}
