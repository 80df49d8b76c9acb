using System.Runtime.InteropServices;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// Chooses how glibc serves torch's large allocations, by workload.
/// <list type="bullet">
/// <item><b>Generation</b> (the default): glibc serves an allocation from its heap once the block size has been freed
/// as a mapping before (its "dynamic mmap threshold"), and heap pages are handed back to the kernel only from the
/// top. Tensors of ever-changing shapes (a batch per prompt length, a KV cache that grows by a token a step) then
/// fragment the heap: a lab chat client decoding 8-request batches of CLINC prompts grew from 0.6 to 2.6 GB of
/// resident memory in 20 batches. With the threshold fixed at 64 KiB every such block is its own mapping, returned
/// on free; the same run stayed at 0.24 GB.</item>
/// <item><b>Training</b>: a training step allocates the same few shapes again and again, so mapping and unmapping
/// each of them costs kernel time for nothing. With the 64 KiB threshold, 40 pretraining steps of tw-small on two
/// threads took 31 s, 21 s of it in the kernel; with blocks up to 32 MiB kept in the heap (and the heap trimmed only
/// above 256 MiB free) the same steps took 20 s with 1 s in the kernel, and gave the same losses. <see cref="ForTraining"/>
/// holds this profile while any training runs, and returns to generation's afterwards, handing the heap's free memory back to the kernel.</item>
/// </list>
/// When the user sets glibc's own variables (<see cref="ThresholdVariable"/>), they are theirs and nothing is changed.
/// </summary>
internal static partial class NativeMemory
{
    private const int MmapThresholdOption = -3; // M_MMAP_THRESHOLD in malloc.h
    private const int TrimThresholdOption = -1; // M_TRIM_THRESHOLD
    internal const int MmapThresholdBytes = 64 * 1024;
    internal const int TrainingMmapThresholdBytes = 32 * 1024 * 1024; // glibc's largest threshold on 64-bit systems
    internal const int TrainingTrimThresholdBytes = 256 * 1024 * 1024;
    private const int DefaultTrimThresholdBytes = 128 * 1024;

    /// <summary>glibc's own setting of the threshold; when the user gives it, it is theirs and is left alone.</summary>
    public const string ThresholdVariable = "MALLOC_MMAP_THRESHOLD_";

    private static readonly Lock Gate = new();
    private static int _training;

    /// <summary>Whether the training profile is in force (some training is running in this process).</summary>
    public static bool TrainingProfile
    {
        get { lock (Gate) return _training > 0; }
    }

    /// <summary>Applies the generation profile; a no-op elsewhere or when <see cref="ThresholdVariable"/> is set. Returns whether it was applied.</summary>
    public static bool BoundHeapGrowth()
    {
        lock (Gate) return _training == 0 && Apply(MmapThresholdBytes, DefaultTrimThresholdBytes);
    }

    /// <summary>Holds the training profile until disposed (nested and concurrent holders are counted).</summary>
    public static IDisposable ForTraining()
    {
        lock (Gate)
        {
            if (_training++ == 0) Apply(TrainingMmapThresholdBytes, TrainingTrimThresholdBytes);
        }
        return new Hold();
    }

    private sealed class Hold : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (Gate)
            {
                if (--_training == 0 && Apply(MmapThresholdBytes, DefaultTrimThresholdBytes)) MallocTrim(0); // the heap training kept goes back
            }
        }
    }

    private static bool Apply(int mmapThreshold, int trimThreshold)
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ThresholdVariable))) return false;
        try
        {
            return Mallopt(MmapThresholdOption, mmapThreshold) == 1 && Mallopt(TrimThresholdOption, trimThreshold) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>How many blocks glibc currently serves as their own mappings (mallinfo2's hblks); null where unknown.</summary>
    internal static long? MappedBlocks()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return (long)MallInfo2().Hblks;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The free bytes glibc's heaps hold, the top of each included (mallinfo2's fordblks); null where unknown.</summary>
    internal static long? FreeHeapBytes()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return (long)MallInfo2().Fordblks;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2Result
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int option, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2Result MallInfo2();
}
