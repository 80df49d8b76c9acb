namespace Tunewise.FineTuning.Planning;

/// <summary>The shape of a decoder layer's feed-forward block.</summary>
public enum MlpKind
{
    /// <summary>SwiGLU as in the Llama family: gate, up and down projections (three matrices).</summary>
    Gated,

    /// <summary>GPT-style: one up projection, a GeLU, one down projection (two matrices).</summary>
    Plain,
}
