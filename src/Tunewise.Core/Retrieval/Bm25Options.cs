namespace Tunewise.Retrieval;

/// <summary>
/// BM25 parameters (Robertson &amp; Zaragoza, 2009): <see cref="K1"/> saturates term frequency,
/// <see cref="B"/> normalises by passage length. The defaults are the usual ones.
/// </summary>
public sealed record Bm25Options
{
    public static Bm25Options Default { get; } = new();

    public float K1 { get; init; } = 1.2f;
    public float B { get; init; } = 0.75f;

    internal void Validate()
    {
        if (!(K1 >= 0) || !float.IsFinite(K1))
            throw new UserInputException($"BM25 k1 must be a finite number ≥ 0, got {K1}.");
        if (!(B >= 0 && B <= 1))
            throw new UserInputException($"BM25 b must be between 0 and 1, got {B}.");
    }
}
