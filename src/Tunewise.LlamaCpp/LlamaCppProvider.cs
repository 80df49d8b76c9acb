using Tunewise.Models;
using Microsoft.Extensions.AI;
using Tunewise.LlamaCpp.Gguf;

namespace Tunewise.LlamaCpp;

/// <summary>
/// <c>gguf:path/to/model.gguf</c>: a GGUF model run in-process by llama.cpp (LLamaSharp, CPU).
/// Weights are loaded once per file and shared by every client of it.
/// </summary>
public static class LlamaCppProvider
{
    public const string Name = "gguf";

    /// <param name="path">The .gguf file; a relative path is resolved against <paramref name="baseDirectory"/>.</param>
    /// <exception cref="GgufModelException">The file is missing, not GGUF, or refused by llama.cpp.</exception>
    /// <exception cref="LlamaCppUnavailableException">llama.cpp's native library cannot be loaded here.</exception>
    public static IChatClient CreateGgufChatClient(string path, LlamaCppOptions? options = null, string? baseDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());
        var weights = ModelWeightsCache.Get(fullPath);
        return new LlamaCppChatClient(fullPath, weights, options ?? LlamaCppOptions.Default);
    }

    /// <summary>The model's context window and token counter (loads the weights, calls nothing).</summary>
    public static IModelContextWindow OpenContextWindow(string path, LlamaCppOptions? options = null, string? baseDirectory = null) =>
        new GgufContextWindow((LlamaCppChatClient)CreateGgufChatClient(path, options, baseDirectory));

    /// <summary>Checks a file's GGUF header without loading it.</summary>
    /// <exception cref="GgufModelException">The file is missing, too short, not GGUF, or of an unsupported version.</exception>
    public static GgufHeader Inspect(string path) => GgufHeader.Read(path);
}
