namespace Tunewise.Lab.Benchmarks;

/// <summary>
/// The realistic part of the lab benchmark: a lab model on intent data (CSV with <c>text</c> and <c>label</c>
/// columns, such as examples/clinc150/data/train.csv). <see cref="Quick"/> shrinks every count for smoke runs.
/// </summary>
public sealed record WorkloadOptions
{
    public required string DataFile { get; init; }

    public string Model { get; init; } = "lab:tw-base";

    public bool Quick { get; init; }

    public int Shots { get; init; } = 8;

    /// <summary>Queries timed one at a time through the lab chat client (and prefilled on their own).</summary>
    public int Queries => Quick ? 2 : 16;

    /// <summary>Optimizer steps timed per training setting, after <see cref="WarmupSteps"/> untimed ones.</summary>
    public int TrainSteps => Quick ? 2 : 12;

    public int WarmupSteps => Quick ? 1 : 2;

    public int BatchSize => 8;

    public int MaxOutputTokens => 16;

    public int MatmulSize => Quick ? 256 : 1024;

    public int MatmulRepeats => Quick ? 2 : 5;
}
