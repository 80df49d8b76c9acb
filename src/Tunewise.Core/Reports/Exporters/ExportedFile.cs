namespace Tunewise.Reports.Exporters;

/// <summary>One rendered file: its path relative to the report folder, and its text.</summary>
public sealed record ExportedFile(string Path, string Content);
