namespace Tunewise.Studies;

/// <summary>
/// A classical baseline arm (<c>baseline: { kind: tfidf-knn | logistic }</c>): no language model, a classifier trained on
/// the train split and scored on the same frozen test set as every other arm. It answers the question before the first:
/// does this task need an LLM at all?
/// </summary>
public sealed record BaselineSpec
{
    /// <summary>
    /// Five neighbours, each voting with its cosine similarity: on CLINC150 a similarity-weighted vote of a few neighbours
    /// beats the single nearest message, which a near-duplicate of another intent can mislead (docs/study-file.md).
    /// </summary>
    public const int DefaultNeighbours = 5;

    public BaselineKind Kind { get; init; } = BaselineKind.Logistic;

    /// <summary>How many nearest training messages vote (tfidf-knn only).</summary>
    public int Neighbours { get; init; } = DefaultNeighbours;

    /// <summary>The kind as the study file spells it.</summary>
    public string KindName => Kind switch
    {
        BaselineKind.TfidfKnn => "tfidf-knn",
        _ => "logistic",
    };
}
