namespace Tunewise.Data;

/// <summary>A whole data file in memory, with what was skipped and how the fields were mapped.</summary>
public sealed record LoadedData(
    string Path,
    DataFormat Format,
    DataMapping Mapping,
    IReadOnlyList<Example> Examples,
    IReadOnlyList<SkippedRow> Skipped);
