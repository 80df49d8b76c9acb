using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.FineTuning.Planning;
using Tunewise.Lab.Benchmarks;
using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Training;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>
/// <c>tunewise lab memory</c>: measures the peak training memory of full, LoRA and QLoRA fine-tuning,
/// each in a fresh process, and prints it beside the planner's estimate for the same settings.
/// </summary>
public sealed class LabMemoryCommand(IAnsiConsole console) : AsyncCommand<LabMemorySettings>
{
    /// <summary>How far the planner may be from the measurement and still count as describing it: ±30%.</summary>
    public const double Tolerance = 0.30;

    public override async Task<int> ExecuteAsync(CommandContext context, LabMemorySettings settings, CancellationToken cancellationToken)
    {
        var directory = LabModels.ResolveDirectory(settings.Model);
        if (settings.InProcess)
        {
            var reading = TrainingMemoryProbe.Measure(directory, settings.ProbeOptions(settings.Methods[0]), cancellationToken);
            // A machine-read line for the parent process, unwrapped whatever the terminal's width.
            Console.Out.WriteLine(JsonSerializer.Serialize(reading, Serialization.CliJsonContext.Default.TrainingMemoryReading));
            return 0;
        }

        var comparisons = await CompareAsync(settings, cancellationToken);
        Print(settings, comparisons);
        return 0;
    }

    /// <summary>Each method measured in its own process, next to what the planner expects for it.</summary>
    public static async Task<IReadOnlyList<MemoryComparison>> CompareAsync(LabMemorySettings settings, CancellationToken cancellationToken)
    {
        var directory = LabModels.ResolveDirectory(settings.Model);
        var architecture = HuggingFaceConfigReader.Read(Path.Combine(directory, LlamaCheckpoint.ConfigFile));
        var targets = LoraTargets.Parse(string.Join(',', settings.TargetModules));
        var results = new List<MemoryComparison>();
        foreach (var method in settings.Methods)
        {
            var reading = await IsolatedTrainingMemory.MeasureAsync(directory, settings.ProbeOptions(method), settings.MmapThreshold, cancellationToken);
            var request = PlanRequest.LabCpu(method, settings.SequenceLength, settings.BatchSize, settings.Rank, targets, settings.Dropout);
            results.Add(new MemoryComparison(reading, TrainingPlanner.EstimateMemory(architecture, request),
                PlannedVersusMeasured.ForLab(architecture, request, reading.TrainingBytes)));
        }
        return results;
    }

    private void Print(LabMemorySettings settings, IReadOnlyList<MemoryComparison> comparisons)
    {
        static string Mb(long bytes) => (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture);

        console.MarkupLineInterpolated(
            $"{settings.Model}: micro-batch {settings.BatchSize} × {settings.SequenceLength} tokens, {settings.Steps} steps; LoRA r={settings.Rank}, dropout {settings.Dropout.ToString(CultureInfo.InvariantCulture)}, targets {settings.Targets}. Each method in its own process.");
        console.MarkupLine("Measured = peak resident memory (VmHWM) − resident memory after libtorch was initialised, before the weights were loaded. MB = 10⁶ bytes.");
        if (settings.MmapThreshold is { } threshold)
            console.MarkupLineInterpolated($"glibc mmap threshold fixed at {threshold} bytes (MALLOC_MMAP_THRESHOLD_): the heap's retention is left out.");
        var table = new Table().AddColumns("method", "planned MB", "activations MB", "measured MB", "baseline MB", "planned ÷ measured", "within ±30%");
        foreach (var c in comparisons)
        {
            table.AddRow(
                c.Comparison.Method.ToString(),
                Mb(c.Comparison.PlannedBytes),
                Mb(c.Plan.Activations),
                Mb(c.Comparison.MeasuredBytes),
                Mb(c.Reading.BaselineBytes),
                c.Comparison.Ratio.ToString("F2", CultureInfo.InvariantCulture),
                c.Comparison.IsWithin(Tolerance) ? "[green]yes[/]" : "[red]no[/]");
        }
        console.Write(table);
    }
}
