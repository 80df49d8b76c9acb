namespace Tunewise.Data.Curation;

/// <summary>What a cleaned file kept and what it dropped.</summary>
public sealed record CleanResult(string Path, int Kept, IReadOnlyList<DroppedExample> Dropped);
