using Tunewise.Data;

namespace Tunewise.Retrieval;

/// <summary>
/// One document of a retrieval corpus: a stable id (its path relative to the corpus folder, or the
/// <c>id</c> of a JSONL row), its plain text, and where it came from so errors can name the file.
/// </summary>
public sealed record SourceDocument(string Id, string Text, SourceLocation Source);
