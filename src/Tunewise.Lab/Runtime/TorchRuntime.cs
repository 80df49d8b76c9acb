using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// The single gate in front of TorchSharp. Every lab entry point calls <see cref="EnsureLoadable"/>;
/// a module initializer also runs it as soon as the lab assembly is used, so programs and tests need
/// no manual step.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _ready;
    private static Exception? _failure;

    /// <summary>Libraries patched by this process (empty on systems that need no patch).</summary>
    public static IReadOnlyList<string> PatchedLibraries { get; private set; } = [];

    /// <summary>Environment variable that sets torch's intra-op thread count.</summary>
    public const string ThreadsVariable = "TUNEWISE_TORCH_THREADS";

    /// <summary>
    /// Lab models are small: their matrices are too little work to split across threads, and when
    /// the cores are busy with other work, OpenMP's threads wait on each other. On a loaded two-core
    /// machine one thread decoded about 7x faster than two, so one is the default.
    /// </summary>
    public const int DefaultThreads = 1;

    /// <summary>Sets torch's intra-op thread count for this process.</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        EnsureLoadable();
        set_num_threads(threads);
    }

    private static int? ThreadsFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out int threads) && threads > 0 ? threads : null;

    /// <summary>Prepares the native libraries once, then checks that torch really loads.</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_ready) return;
            if (_failure is not null) throw new NativeLibraryException(_failure.Message, _failure);
            try
            {
                PatchedLibraries = NativeLibraryFixer.FixForThisSystem();
                // Touches the native bridge: if loading still fails, it fails here with TorchSharp's own message.
                using var probe = ones(1);
                set_num_threads(ThreadsFromEnvironment() ?? DefaultThreads);
                _ready = true;
            }
            catch (Exception ex)
            {
                _failure = ex;
                throw ex as NativeLibraryException ?? new NativeLibraryException(
                    $"TorchSharp's native libraries could not be loaded: {ex.Message} See docs/native-libraries.md.", ex);
            }
        }
    }

#pragma warning disable CA2255 // The lab library must patch native code before any caller touches TorchSharp.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void InitializeOnFirstUse()
    {
        // Only the file fix-up runs here: loading libtorch (about 120 MB resident) waits until an entry point calls
        // EnsureLoadable, so a command that merely has the lab assembly loaded (for its command line) stays light.
        try
        {
            lock (Gate) PatchedLibraries = NativeLibraryFixer.FixForThisSystem();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Reported, with the same cause, by the first entry point that calls EnsureLoadable.
        }
    }
}
