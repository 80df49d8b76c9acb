using Tunewise.FineTuning.Planning;
using Tunewise.Lab.Benchmarks;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>One method's isolated measurement, the planner's breakdown for it, and the two side by side.</summary>
public sealed record MemoryComparison(TrainingMemoryReading Reading, MemoryBreakdown Plan, PlannedVersusMeasured Comparison);
