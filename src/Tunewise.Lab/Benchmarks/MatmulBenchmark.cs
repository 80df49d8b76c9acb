using System.Diagnostics;
using Tunewise.Lab.Runtime;
using static TorchSharp.torch;

namespace Tunewise.Lab.Benchmarks;

/// <summary>The machine's fp32 matrix-multiply rate: the ceiling that training throughput is compared with.</summary>
public static class MatmulBenchmark
{
    /// <summary>Best rate over <paramref name="repeats"/> timed products of two size×size matrices, after one warm-up, in GFLOP/s.</summary>
    public static double BestGflops(int size, int repeats, CancellationToken cancellationToken = default) =>
        BestGflops(size, repeats, Environment.ProcessorCount, cancellationToken);

    /// <summary>As <see cref="BestGflops(int, int, CancellationToken)"/>, on <paramref name="threads"/> threads.</summary>
    public static double BestGflops(int size, int repeats, int threads, CancellationToken cancellationToken = default)
    {
        using var pin = TorchRuntime.PinThreads(threads);
        using var scope = NewDisposeScope();
        var a = randn(size, size);
        var b = randn(size, size);
        using (no_grad())
        {
            a.mm(b).Dispose(); // warm-up: starts the thread pool and touches the allocator
            var best = double.MaxValue;
            for (var i = 0; i < repeats; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                a.mm(b).Dispose();
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            return 2.0 * size * size * size / best / 1e9;
        }
    }
}
