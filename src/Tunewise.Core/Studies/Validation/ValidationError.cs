namespace Tunewise.Studies.Validation;

/// <summary>
/// One problem found in a study, located at a 1-based line and column of <see cref="File"/>
/// (0 when the study was built in code). Prints as <c>study.yaml:12:5: message</c>.
/// </summary>
public sealed record ValidationError(string? File, int Line, int Column, string Message, ValidationSeverity Severity = ValidationSeverity.Error)
{
    /// <summary>The study path the problem is about (<c>arms[1].model</c>), when known.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// True for "something is missing here" findings: they are dropped when the thing was written
    /// but rejected for its shape, which the user already hears about.
    /// </summary>
    internal bool IsMissing { get; init; }

    public bool IsError => Severity == ValidationSeverity.Error;

    public static ValidationError At(StudyLocation location, string message, ValidationSeverity severity = ValidationSeverity.Error, string? path = null) =>
        new(location.File, location.Line, location.Column, message, severity) { Path = path };

    public override string ToString()
    {
        var text = Severity == ValidationSeverity.Warning ? $"warning: {Message}" : Message;
        return (File, Line) switch
        {
            (null, _) => text,
            (_, <= 0) => $"{File}: {text}",
            _ => $"{File}:{Line}:{Column}: {text}",
        };
    }
}
