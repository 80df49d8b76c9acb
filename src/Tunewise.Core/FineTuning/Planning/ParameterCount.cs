namespace Tunewise.FineTuning.Planning;

/// <summary>
/// Exact parameter counts by kind. <see cref="LinearWeights"/> are the decoder-layer projection
/// matrices: the ones LoRA adapts and 4-bit quantization packs. Embeddings, biases, norms and the
/// untied lm_head stay in 16-bit under QLoRA.
/// </summary>
public sealed record ParameterCount(long Embeddings, long LinearWeights, long Biases, long Norms, long LmHead)
{
    public long Total => Embeddings + LinearWeights + Biases + Norms + LmHead;

    /// <summary>Everything that is not a decoder projection matrix.</summary>
    public long NonLinear => Total - LinearWeights;
}
