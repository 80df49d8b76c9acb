namespace Tunewise.Decision;

/// <summary>How an arm adapts its model, as the decision procedure groups them.</summary>
public enum ArmTechnique
{
    ZeroShot,
    FewShot,
    ChainOfThought,
    FormatConstrained,
    Optimized,
    Retrieval,

    /// <summary>The gold context is handed to the model: a diagnostic ceiling for retrieval, never deployed.</summary>
    OracleContext,

    FineTuned,

    /// <summary>A small model fine-tuned on a large model's outputs.</summary>
    Distilled,

    /// <summary>A classical classifier with no language model (TF-IDF nearest neighbours, logistic regression).</summary>
    Baseline,
}
