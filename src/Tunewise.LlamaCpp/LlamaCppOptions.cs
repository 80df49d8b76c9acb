namespace Tunewise.LlamaCpp;

/// <summary>How an in-process GGUF model runs.</summary>
public sealed record LlamaCppOptions
{
    public static LlamaCppOptions Default { get; } = new();

    /// <summary>Context window per call; null uses the model's trained context, capped at 4096.</summary>
    public int? ContextSize { get; init; }

    /// <summary>CPU threads; null lets llama.cpp choose.</summary>
    public int? Threads { get; init; }

    /// <summary>Tokens generated when <c>ChatOptions.MaxOutputTokens</c> is not set (and the context allows).</summary>
    public int DefaultMaxOutputTokens { get; init; } = 512;

    /// <summary>Sampling seed when <c>ChatOptions.Seed</c> is not set, so runs repeat by default.</summary>
    public uint DefaultSeed { get; init; } = 42;
}
