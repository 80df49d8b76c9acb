namespace Tunewise.Lab.World;

/// <summary>One written file: path relative to the world folder (with '/'), size in bytes, lowercase hex SHA-256.</summary>
public sealed record WorldFileEntry(string Path, long Bytes, string Sha256);
