namespace Tunewise.Studies;

/// <summary>The classical classifier a baseline arm trains in place of a language model.</summary>
public enum BaselineKind
{
    /// <summary>TF-IDF vectors of word and character n-grams; the label of the most similar training messages by cosine (a vote of the <see cref="BaselineSpec.Neighbours"/> nearest).</summary>
    TfidfKnn,

    /// <summary>The same TF-IDF vectors into a multiclass logistic regression (SDCA maximum entropy).</summary>
    Logistic,
}
