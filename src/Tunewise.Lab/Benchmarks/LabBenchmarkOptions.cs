namespace Tunewise.Lab.Benchmarks;

/// <summary>How big the lab benchmark runs. <see cref="Quick"/> is a seconds-long smoke run whose figures mean little.</summary>
public sealed record LabBenchmarkOptions
{
    public bool Quick { get; init; }

    public int Seed { get; init; } = 1;

    public int MatmulSize => Quick ? 256 : 2048;

    public int MatmulRepeats => Quick ? 2 : 5;

    public int BatchSize => Quick ? 2 : 8;

    public int SequenceLength => Quick ? 16 : 128;

    /// <summary>Untimed steps first (allocator and thread-pool warm-up), then timed ones.</summary>
    public int WarmupSteps => Quick ? 1 : 2;

    public int TimedSteps => Quick ? 2 : 5;

    public int PromptTokens => Quick ? 4 : 16;

    public int NewTokens => Quick ? 8 : 256;
}
