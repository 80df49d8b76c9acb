using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Data.Curation;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// Runs the data check at n/4, n/2 and n synthetic examples and prints time and peak memory per size
/// with ratios to the smallest: linear growth shows as ratios close to the size ratios (1, 2, 4).
/// </summary>
public sealed class DataCheckBenchCommand(IAnsiConsole console) : AsyncCommand<DataCheckBenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DataCheckBenchSettings settings, CancellationToken cancellationToken)
    {
        var sizes = new[] { settings.N / 4, settings.N / 2, settings.N };
        var table = new Table().Border(TableBorder.Minimal);
        foreach (var column in new[] { "n", "wall s", "cpu s", "heap MB", "WS MB", "n×", "cpu×", "heap×", "exact", "near" })
        {
            table.AddColumn(new TableColumn(column).RightAligned().NoWrap().PadLeft(0).PadRight(1));
        }

        // Warm-up: JIT and the tokenizer's vocabulary load would otherwise be charged to the first size.
        var warmUp = SyntheticExamples.Generate(Math.Min(5000, sizes[0]), settings.Seed);
        new DataCurator(new CurationOptions { InputFields = ["text"], ExpectedField = "label" }).Check(warmUp.Examples);

        (double Cpu, double Managed)? first = null;
        using var process = Process.GetCurrentProcess();
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (examples, plantedExact, plantedNear) = SyntheticExamples.Generate(size, settings.Seed);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var sampler = new MemorySampler();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var result = await new DataCurator(new CurationOptions { InputFields = ["text"], ExpectedField = "label" })
                .CheckAsync(examples, cancellationToken: cancellationToken);
            stopwatch.Stop();
            var (peakManaged, peakWorkingSet) = sampler.Stop();
            var managedMb = Math.Max(0, peakManaged - baseline) / 1048576.0;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            first ??= (cpu, managedMb);
            table.AddRow(
                size.ToString(CultureInfo.InvariantCulture),
                stopwatch.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                cpu.ToString("0.00", CultureInfo.InvariantCulture),
                managedMb.ToString("0.0", CultureInfo.InvariantCulture),
                (peakWorkingSet / 1048576.0).ToString("0", CultureInfo.InvariantCulture),
                ((double)size / sizes[0]).ToString("0.00", CultureInfo.InvariantCulture),
                (cpu / Math.Max(first.Value.Cpu, 0.001)).ToString("0.00", CultureInfo.InvariantCulture),
                (managedMb / Math.Max(first.Value.Managed, 0.001)).ToString("0.00", CultureInfo.InvariantCulture),
                $"{result.Report.Counts.ExactDuplicates}/{plantedExact}",
                $"{result.Report.Counts.NearDuplicates}/{plantedNear}");
        }

        console.Write(table);
        console.MarkupLine("[grey]wall s = elapsed; cpu s = process CPU time (steadier on a busy machine); heap MB = peak GC heap above the loaded data;[/]");
        console.MarkupLine("[grey]WS MB = peak process working set; n×, cpu×, heap× = ratios to the smallest size; exact, near = found/planted.[/]");
        return ExitCodes.Ok;
    }

    /// <summary>Samples heap size and working set every few milliseconds on a background thread.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _running = true;
        private long _peakManaged;
        private long _peakWorkingSet;

        public MemorySampler()
        {
            _thread = new Thread(Sample) { IsBackground = true };
            _thread.Start();
        }

        public (long Managed, long WorkingSet) Stop()
        {
            _running = false;
            _thread.Join();
            return (_peakManaged, _peakWorkingSet);
        }

        public void Dispose()
        {
            if (_running)
            {
                Stop();
            }
        }

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            while (_running)
            {
                _peakManaged = Math.Max(_peakManaged, GC.GetTotalMemory(forceFullCollection: false));
                process.Refresh();
                _peakWorkingSet = Math.Max(_peakWorkingSet, process.WorkingSet64);
                Thread.Sleep(5);
            }
        }
    }
}
