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

    /// <summary>Hand the model the gold context (the example's <c>context</c> field or its gold documents) instead of retrieving: a diagnostic ceiling.</summary>
    public bool Oracle { get; init; }
}
