namespace Tunewise.Studies;

/// <summary>How a retrieval arm finds context in <c>task.documents</c>. Chunk sizes are in characters.</summary>
public sealed record RetrievalSpec
{
    public const int DefaultTopK = 4;
    public const int DefaultChunkSize = 800;
    public const int DefaultChunkOverlap = 100;

    public int TopK { get; init; } = DefaultTopK;
    public int ChunkSize { get; init; } = DefaultChunkSize;
    public int ChunkOverlap { get; init; } = DefaultChunkOverlap;
}
