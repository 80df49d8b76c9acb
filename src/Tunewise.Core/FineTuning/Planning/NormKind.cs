namespace Tunewise.FineTuning.Planning;

/// <summary>The normalisation layer, which decides how many parameters each norm carries.</summary>
public enum NormKind
{
    /// <summary>RMSNorm: one weight vector of hidden size.</summary>
    RmsNorm,

    /// <summary>LayerNorm: a weight and a bias vector of hidden size.</summary>
    LayerNorm,
}
