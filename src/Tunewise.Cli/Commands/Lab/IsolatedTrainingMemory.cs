using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tunewise.Lab.Benchmarks;
using Tunewise.Lab.Training;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>
/// Runs each training-memory measurement in a fresh <c>tunewise</c> process, so no allocator carries
/// memory over from an earlier run and the process's peak belongs to that one run alone.
/// </summary>
internal static class IsolatedTrainingMemory
{
    /// <param name="mmapThreshold">When set, glibc's mmap threshold in the child (MALLOC_MMAP_THRESHOLD_), which also turns off its dynamic raising.</param>
    public static async Task<TrainingMemoryReading> MeasureAsync(string model, TrainingMemoryProbeOptions options, long? mmapThreshold, CancellationToken cancellationToken)
    {
        var start = SelfProcess.StartInfo(ChildArguments(model, options));
        if (mmapThreshold is { } threshold) start.Environment["MALLOC_MMAP_THRESHOLD_"] = threshold.ToString(CultureInfo.InvariantCulture);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var stdout = await output;
        var json = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || json is null)
            throw new InvalidOperationException($"The {options.Method} memory measurement failed (exit code {process.ExitCode}): {(await error).Trim()} {stdout.Trim()}".Trim());
        return JsonSerializer.Deserialize(json, Serialization.CliJsonContext.Default.TrainingMemoryReading)
            ?? throw new InvalidOperationException($"The {options.Method} memory measurement printed no reading.");
    }

    private static IEnumerable<string> ChildArguments(string model, TrainingMemoryProbeOptions options)
    {
        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        return
        [
            "lab", "memory", model,
            "--method", options.Method.ToString().ToLowerInvariant(),
            "--seq", Number(options.SequenceLength),
            "--batch-size", Number(options.MicroBatchSize),
            "--rank", Number(options.Rank),
            "--dropout", Number(options.Dropout),
            "--targets", string.Join(',', options.Targets),
            "--steps", Number(options.Steps),
            "--in-process",
        ];
    }
}
