using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>The provider names a model reference may start with (<c>provider:model</c>).</summary>
public static class ModelProviders
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Ollama = "ollama";
    public const string Gguf = "gguf";
    public const string Lab = "lab";
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>The provider of a baseline arm's classifier; not one a study may name in <c>models</c>.</summary>
    public const string Baseline = "baseline";

    public static ImmutableArray<string> All { get; } = [OpenAI, Anthropic, Ollama, Gguf, Lab, OpenAICompatible];

    public static bool IsKnown(string provider) => All.Contains(provider, StringComparer.Ordinal);
}
