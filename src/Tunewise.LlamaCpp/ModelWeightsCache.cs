using System.Collections.Concurrent;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using Tunewise.LlamaCpp.Gguf;

namespace Tunewise.LlamaCpp;

/// <summary>
/// Loaded weights shared by every client of the same file, keyed by full path, size and write time
/// so a rewritten file is loaded afresh. Weights stay loaded for the life of the process.
/// </summary>
internal static class ModelWeightsCache
{
    private static readonly ConcurrentDictionary<string, Lazy<LLamaWeights>> Loaded = new(StringComparer.Ordinal);

    public static LLamaWeights Get(string path)
    {
        GgufHeader.Read(path);
        NativeRuntime.EnsureLoaded();
        var info = new FileInfo(path);
        var key = $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        var lazy = Loaded.GetOrAdd(key, _ => new Lazy<LLamaWeights>(() => Load(info.FullName), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the user may fix the file and retry in the same process.
            Loaded.TryRemove(new KeyValuePair<string, Lazy<LLamaWeights>>(key, lazy));
            throw;
        }
    }

    private static LLamaWeights Load(string path)
    {
        var mark = NativeRuntime.Mark;
        try
        {
            return LLamaWeights.LoadFromFile(new ModelParams(path) { GpuLayerCount = 0 });
        }
        catch (LoadWeightsFailedException exception)
        {
            var log = NativeRuntime.ErrorsSince(mark);
            throw new GgufModelException(path,
                $"llama.cpp could not load '{path}': the file is GGUF but corrupt, truncated, or of an architecture or " +
                $"tensor type this llama.cpp build does not support.{(log.Length == 0 ? "" : " llama.cpp said: " + log)}", exception);
        }
    }
}
