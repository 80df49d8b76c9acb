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
    /// Forward-pass work (FLOPs) from which torch's threads are spread over every available core. Below it one
    /// thread is used: on lab-sized models, splitting a decode step's small matrices costs more in OpenMP
    /// hand-offs than it gains. A training step of tw-base (8 × 64 tokens, about 5 GFLOP forward) and an 8-shot
    /// prefill (about 400 tokens, 4 GFLOP) are above it; decoding 8 sequences one token each (about 80 MFLOP) is below.
    /// </summary>
    public const double ParallelWorkFlops = 1e9;

    private static int _threads;

    /// <summary>The intra-op thread count set by <see cref="ThreadsVariable"/>, or null when it is not set.</summary>
    public static int? FixedThreads { get; private set; }

    /// <summary>Torch's current intra-op thread count.</summary>
    public static int Threads => _threads;

    /// <summary>Sets torch's intra-op thread count for this process, overriding the choice by work size.</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        EnsureLoadable();
        lock (Gate)
        {
            FixedThreads = threads;
            Apply(threads);
        }
    }

    /// <summary>
    /// The thread count for one pass of <paramref name="forwardFlops"/>: <see cref="ThreadsVariable"/> when it is
    /// set; otherwise one for small work, and every core the machine leaves free for large work.
    /// Measured on the built-in models: one and two threads give bit-identical training losses, weights and
    /// generation logits, so the choice changes speed, not results (docs/lab-engine.md, "Threads").
    /// </summary>
    public static int ThreadsFor(double forwardFlops)
    {
        if (FixedThreads is { } fixedThreads) return fixedThreads;
        return forwardFlops < ParallelWorkFlops ? 1 : CoreAvailability.Available();
    }

    /// <summary>Sets the thread count for a pass of <paramref name="forwardFlops"/> (see <see cref="ThreadsFor"/>).</summary>
    public static void UseThreadsFor(double forwardFlops)
    {
        EnsureLoadable();
        int threads = ThreadsFor(forwardFlops);
        if (threads == Volatile.Read(ref _threads)) return;
        lock (Gate) Apply(threads);
    }

    /// <summary>
    /// Holds torch at <paramref name="threads"/> until disposed, then returns to the usual choice; the benchmark
    /// uses it to measure one thread beside every core in the same run, and a test that compares losses to stored figures
    /// uses it so that the free cores of a busy machine cannot move a sum's rounding.
    /// </summary>
    public static IDisposable PinThreads(int threads)
    {
        EnsureLoadable();
        lock (Gate)
        {
            var previous = FixedThreads;
            FixedThreads = threads;
            Apply(threads);
            return new Pin(previous);
        }
    }

    private sealed class Pin(int? previous) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) FixedThreads = previous;
        }
    }

    private static int? ThreadsFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out int threads) && threads > 0 ? threads : null;

    private static void Apply(int threads)
    {
        if (threads == _threads) return;
        set_num_threads(threads);
        Volatile.Write(ref _threads, threads);
    }

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
                NativeMemory.BoundHeapGrowth();
                // Touches the native bridge: if loading still fails, it fails here with TorchSharp's own message.
                using var probe = ones(1);
                FixedThreads = ThreadsFromEnvironment();
                Apply(FixedThreads ?? 1);
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
