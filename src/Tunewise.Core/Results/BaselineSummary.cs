namespace Tunewise.Results;

/// <summary>
/// How a baseline arm's classifier was trained: its kind, on how many train examples, and the process CPU seconds and
/// wall-clock seconds training took (summed over sessions when a resumed run trained again). Its one-off cost is the CPU
/// seconds priced at the local machine's rate.
/// </summary>
public sealed record BaselineSummary(string Kind, int? Neighbours, int TrainExamples, int Labels, double TrainingCpuSeconds, double TrainingSeconds);
