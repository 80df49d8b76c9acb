namespace Tunewise.Data;

/// <summary>How to read a data file.</summary>
public sealed record DataLoadOptions
{
    /// <summary>Forces a format; null detects it from the extension (and, for JSON lines, the first row).</summary>
    public DataFormat? Format { get; init; }

    public DataMapping Mapping { get; init; } = DataMapping.Default;

    /// <summary>Skip malformed rows and report them in <see cref="DataLoader.Skipped"/> instead of failing.</summary>
    public bool SkipInvalid { get; init; }
}
