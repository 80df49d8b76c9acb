namespace Tunewise.Lab.Generation;

/// <summary>How to decode. Temperature 0 (the default) means greedy.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 128;
    public double Temperature { get; init; }
    public double? TopP { get; init; }
    public int? TopK { get; init; }
    public int? Seed { get; init; }
    public IReadOnlyList<string> StopSequences { get; init; } = [];
    public bool StopAtEos { get; init; } = true;

    /// <summary>When set, decoding can only produce one of these texts (by a trie over their tokens), then stops.</summary>
    public IReadOnlyList<string>? AllowedOutputs { get; init; }
}
