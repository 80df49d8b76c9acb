namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// Resident memory of a process that trained once: <see cref="BaselineBytes"/> after the runtime and
/// libtorch were initialised but before any weight was loaded, <see cref="PeakBytes"/> the high-water
/// mark (VmHWM) at the end of training.
/// </summary>
public sealed record TrainingMemoryReading(long BaselineBytes, long PeakBytes, long TrainableParameters)
{
    /// <summary>What training added to the process at its peak: model, gradients, optimizer state, activations.</summary>
    public long TrainingBytes => PeakBytes - BaselineBytes;
}
