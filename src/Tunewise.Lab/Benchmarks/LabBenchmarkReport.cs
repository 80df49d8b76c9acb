namespace Tunewise.Lab.Benchmarks;

/// <summary>Everything one run of the lab benchmark measured on this machine.</summary>
/// <param name="FlopParameters">Parameters that cost matmul FLOPs (all but the input embedding): N in 6·N per token.</param>
public sealed record LabBenchmarkReport(
    int MatmulSize,
    double MatmulGflops,
    string ModelDescription,
    long Parameters,
    long FlopParameters,
    int TokensPerStep,
    double TrainingTokensPerSecond,
    double TrainingGflops,
    IReadOnlyList<MethodFigures> Methods,
    int GeneratedTokens,
    double CachedTokensPerSecond,
    double RecomputeTokensPerSecond,
    IReadOnlyList<BenchmarkTarget> Targets)
{
    /// <summary>Model-FLOPs utilisation: training GFLOP/s (6·N per token) over the matmul rate.</summary>
    public double ModelFlopsUtilisation => TrainingGflops / MatmulGflops;
}
