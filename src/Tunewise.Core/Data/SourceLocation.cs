namespace Tunewise.Data;

/// <summary>A place in an input file: path and 1-based line (0 when unknown).</summary>
public readonly record struct SourceLocation(string File, long Line)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}
