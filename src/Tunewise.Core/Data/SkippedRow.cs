namespace Tunewise.Data;

/// <summary>A row left out because it was malformed and the caller asked to skip invalid rows.</summary>
public sealed record SkippedRow(SourceLocation Source, string Reason)
{
    public override string ToString() => $"{Source}: {Reason}";
}
