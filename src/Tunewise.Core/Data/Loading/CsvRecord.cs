namespace Tunewise.Data.Loading;

/// <summary>
/// One CSV record: the physical line where it starts, its fields, and, when the record is malformed,
/// why (the fields are then incomplete and must not be used).
/// </summary>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error);
