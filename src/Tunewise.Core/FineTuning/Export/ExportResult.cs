namespace Tunewise.FineTuning.Export;

/// <summary>A written pack: its directory, the files in it (relative paths) and the command that trains it.</summary>
public sealed record ExportResult(string Directory, IReadOnlyList<string> Files, string Command);
