namespace Tunewise.Studies;

/// <summary>A place in a study file: path as the user gave it, 1-based line and column (0 when unknown).</summary>
public readonly record struct StudyLocation(string? File, int Line, int Column)
{
    public override string ToString() => (File, Line) switch
    {
        (null, _) => "study",
        (_, <= 0) => File,
        _ => $"{File}:{Line}:{Column}",
    };
}
