namespace Tunewise.Data.Curation;

/// <summary>What <see cref="DataCurator"/> compares and how strictly.</summary>
public sealed record CurationOptions
{
    /// <summary>Fields whose text is the input (joined with a line break). Required.</summary>
    public required IReadOnlyList<string> InputFields { get; init; }

    /// <summary>The gold field; without it there are no label conflicts and no label distribution.</summary>
    public string? ExpectedField { get; init; }

    /// <summary>Jaccard similarity of character shingles at or above which two inputs are near duplicates.</summary>
    public double NearDuplicateThreshold { get; init; } = 0.8;

    public int ShingleSize { get; init; } = 5;

    public int Permutations { get; init; } = 120;

    /// <summary>
    /// LSH bands of <see cref="Permutations"/> / <see cref="Bands"/> rows each. 20 bands of 6 rows find a
    /// pair at Jaccard 0.8 with probability 0.998 and at 0.9 with certainty, while unrelated texts
    /// (Jaccard ≈ 0.1) almost never share a bucket, which keeps the work linear.
    /// </summary>
    public int Bands { get; init; } = 20;

    public int Seed { get; init; } = 20240611;

    /// <summary>Inputs longer than this many o200k tokens are flagged as overlong.</summary>
    public int MaxTokens { get; init; } = 4096;

    /// <summary>Majority/minority label ratio at or above which the data is flagged as imbalanced.</summary>
    public double ImbalanceThreshold { get; init; } = 10;

    /// <summary>A gold field with more distinct values than this is free text, not labels: no distribution.</summary>
    public int MaxDistinctLabels { get; init; } = 200;

    /// <summary>How many groups or pairs of each kind the report lists (counts are always complete).</summary>
    public int MaxSamples { get; init; } = 20;

    public void Validate()
    {
        if (InputFields.Count == 0)
        {
            throw new UserInputException("curation needs at least one input field");
        }

        if (NearDuplicateThreshold is <= 0 or > 1)
        {
            throw new UserInputException($"the near-duplicate threshold must be in (0, 1], got {NearDuplicateThreshold}");
        }

        if (ShingleSize < 1 || Bands < 1 || Permutations % Bands != 0)
        {
            throw new UserInputException($"shingle size must be ≥ 1 and permutations ({Permutations}) a multiple of bands ({Bands})");
        }

        if (MaxTokens < 1)
        {
            throw new UserInputException($"max tokens must be ≥ 1, got {MaxTokens}");
        }
    }
}
