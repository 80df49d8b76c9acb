using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tests.Support;
using Tunewise.Lab.Training;
using Marshal = System.Runtime.InteropServices.Marshal;

namespace Tunewise.Lab.Tests.Runtime;

/// <summary>The process-wide allocator profile: no other test may train while these run.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeMemoryCollection
{
    public const string Name = "glibc allocator profile";
}

[Collection(NativeMemoryCollection.Name)]
public class NativeMemoryTests : TorchTest
{
    private static bool Applies =>
        OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NativeMemory.ThresholdVariable)) && NativeMemory.MappedBlocks() is not null;

    // How many mappings of its own a block of this size gets from glibc right now.
    // (Marshal.AllocHGlobal is malloc on Linux.)
    private static long MappingsFor(long bytes)
    {
        var before = NativeMemory.MappedBlocks()!.Value;
        var block = Marshal.AllocHGlobal((nint)bytes);
        try
        {
            return NativeMemory.MappedBlocks()!.Value - before;
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    // glibc applies its mmap threshold only to a block no free chunk can serve: earlier tests in this process may have
    // left free chunks of any size in the heap, so the probe is a block larger than all the free heap put together.
    // Null when that block would pass training's own threshold too (the two profiles could not be told apart).
    private static long? ProbeLargerThanTheFreeHeap()
    {
        var probe = Math.Max(1L << 20, NativeMemory.FreeHeapBytes()!.Value + (1L << 20));
        return probe < NativeMemory.TrainingMmapThresholdBytes / 2 ? probe : null;
    }

    [Fact]
    public void Generation_maps_large_blocks_one_by_one_and_training_serves_them_from_the_heap_until_the_last_holder_ends()
    {
        if (!Applies) return; // not glibc, or the user fixed its threshold: nothing here is ours to change
        Assert.True(NativeMemory.BoundHeapGrowth());
        if (ProbeLargerThanTheFreeHeap() is not { } probe) return; // over 16 MiB free in the heap: no probe size tells the profiles apart
        Assert.Equal(1, MappingsFor(probe));

        var outer = NativeMemory.ForTraining();
        using (NativeMemory.ForTraining()) Assert.Equal(0, MappingsFor(probe));
        Assert.True(NativeMemory.TrainingProfile);
        Assert.Equal(0, MappingsFor(probe));
        // While training holds the profile, the generation default is not forced back.
        Assert.False(NativeMemory.BoundHeapGrowth());
        outer.Dispose();
        outer.Dispose();

        Assert.False(NativeMemory.TrainingProfile);
        // Back to generation's profile; training's heap may still hold free chunks, so the probe is sized again.
        if (ProbeLargerThanTheFreeHeap() is not { } after) return;
        Assert.Equal(1, MappingsFor(after));
    }

    [Fact]
    public void The_trainer_holds_the_training_profile_for_its_steps_only()
    {
        if (!Applies) return; // not glibc, or the user fixed its threshold: nothing here is ours to change
        using var model = TinyCausalLm.Small();
        var during = new List<bool>();
        new Trainer(model, new TrainerOptions { Epochs = 1, BatchSize = 8, LearningRate = 1e-3, WarmupSteps = 1, Seed = 5 })
            .Train(TinyTask.Examples(16, seed: 1), onStep: _ => during.Add(NativeMemory.TrainingProfile));

        Assert.NotEmpty(during);
        Assert.All(during, Assert.True);
        Assert.False(NativeMemory.TrainingProfile);
    }
}
