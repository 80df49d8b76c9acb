using System.Collections.Concurrent;
using LLama.Native;

namespace Tunewise.LlamaCpp;

/// <summary>
/// Loads llama.cpp once, routes its log away from the console into a short in-memory tail (quoted in
/// load errors), and turns a load failure into a message that says what is missing.
/// </summary>
internal static class NativeRuntime
{
    private const int KeptLogLines = 64;
    private static readonly ConcurrentQueue<(long Sequence, string Line)> Log = new();
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);
    private static long _sequence;

    /// <exception cref="LlamaCppUnavailableException">The native library cannot be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (LoadFailure.Value is { } failure)
        {
            throw new LlamaCppUnavailableException(DescribeLoadFailure(failure), failure);
        }
    }

    /// <summary>A mark to pass to <see cref="ErrorsSince"/>.</summary>
    public static long Mark => Interlocked.Read(ref _sequence);

    /// <summary>Warning and error lines llama.cpp logged after <paramref name="mark"/>.</summary>
    public static string ErrorsSince(long mark) =>
        string.Join(" ", Log.Where(l => l.Sequence > mark).Select(l => l.Line.Trim()).Where(l => l.Length > 0));

    internal static string DescribeLoadFailure(Exception failure)
    {
        var root = failure;
        while (root.InnerException is not null && root is TypeInitializationException)
        {
            root = root.InnerException;
        }

        return "llama.cpp's native library (libllama, from the LLamaSharp.Backend.Cpu package) could not be loaded: " +
               $"{root.GetType().Name}: {root.Message} " +
               $"It is looked up under runtimes/{System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}/native/ next to the application; " +
               "check that those files were published with it and that the system C++ runtime (libstdc++, GLIBCXX) is as new as the library needs.";
    }

    private static Exception? TryLoad()
    {
        try
        {
            NativeLogConfig.llama_log_set(Record);
            NativeApi.llama_empty_call();
            return null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException
                                              or BadImageFormatException or LLama.Exceptions.RuntimeError or InvalidOperationException)
        {
            return exception;
        }
    }

    private static void Record(LLamaLogLevel level, string message)
    {
        if (level is not (LLamaLogLevel.Warning or LLamaLogLevel.Error))
        {
            return;
        }

        Log.Enqueue((Interlocked.Increment(ref _sequence), message));
        while (Log.Count > KeptLogLines && Log.TryDequeue(out _))
        {
        }
    }
}
