using System.Collections.Immutable;

namespace Tunewise.LlamaCpp.Gguf;

/// <summary>
/// A tensor to write. <see cref="Shape"/> is in row-major order, outermost dimension first (the
/// PyTorch/NumPy convention, e.g. <c>[vocab, embedding]</c>); the writer reverses it into ggml's
/// innermost-first order. <see cref="Data"/> is row-major and converted to <see cref="Type"/> on write.
/// </summary>
public sealed record GgufTensor(string Name, ImmutableArray<long> Shape, float[] Data, GgufTensorType Type = GgufTensorType.F32)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public long ByteCount => ElementCount * (Type == GgufTensorType.F16 ? 2 : 4);
}
