namespace Tunewise.Retrieval;

/// <summary>
/// A passage cut from a document. <see cref="Start"/> and <see cref="Length"/> locate
/// <see cref="Text"/> in the document's text, so a passage can always be traced back.
/// </summary>
public sealed record DocumentChunk(string DocumentId, int ChunkIndex, int Start, int Length, string Text);
