using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Planning;

/// <summary><c>tunewise plan MODEL --method lora …</c>: memory, FLOPs, time and cost of a fine-tune.</summary>
public sealed class PlanCommand(IAnsiConsole console) : Command<PlanSettings>
{
    public override int Execute(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
    {
        var architecture = ArchitectureCatalog.Resolve(settings.Model);
        var request = RequestFor(settings);
        var gpus = settings.GpuCatalog is null ? GpuCatalog.Default : GpuCatalog.Load(settings.GpuCatalog);
        var plan = TrainingPlanner.Plan(architecture, request, gpus);

        if (settings.Json)
        {
            // Written past Spectre's renderer so long strings are not wrapped at the console width.
            console.Profile.Out.Writer.WriteLine(PlanJson.Serialize(plan));
            console.Profile.Out.Writer.Flush();
        }
        else
        {
            Render(plan);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The plan the options ask for; options left out take <see cref="PlanRequest"/>'s defaults (a study arm's).</summary>
    internal static PlanRequest RequestFor(PlanSettings settings)
    {
        var method = FineTuneMethods.Parse(settings.Method, "--method");
        return new()
        {
            Method = method,
            SequenceLength = settings.SequenceLength,
            MicroBatchSize = settings.Batch,
            LoraRank = settings.Rank,
            LoraTargets = LoraTargets.Parse(settings.Targets),
            Examples = settings.Examples,
            Epochs = settings.Epochs,
            // LoRA and QLoRA are run with checkpointing in practice (a 7B-8B QLoRA fits one 24 GB GPU that way); full
            // fine-tuning plans without it unless asked, as its optimizer state, not activations, decides where it fits.
            GradientCheckpointing = settings.Checkpointing || (method != FineTuneMethod.Full && !settings.NoCheckpointing),
            Precision = TrainingPrecision.Parse(settings.Precision),
        };
    }

    private void Render(TrainingPlan plan)
    {
        var request = plan.Request;
        console.MarkupLineInterpolated($"[bold]{plan.Architecture.Name}[/] · {request.Method.ToString().ToLowerInvariant()} · seq {request.SequenceLength} × batch {request.MicroBatchSize} · {request.Precision.Name}{(request.GradientCheckpointing ? " · checkpointing" : "")}");

        var summary = new Table().AddColumn("Quantity").AddColumn(new TableColumn("Value").RightAligned());
        summary.AddRow("Parameters", Count(plan.Parameters.Total));
        summary.AddRow("Trainable", $"{Count(plan.TrainableParameters)} ({plan.TrainableParameters / (double)plan.Parameters.Total:0.###%})");
        summary.AddRow(request.Method == FineTuneMethod.Full ? "Checkpoint size" : "Adapter size", Bytes(plan.AdapterBytes));
        summary.AddRow("Memory: weights", Bytes(plan.Memory.Weights));
        summary.AddRow("Memory: gradients", Bytes(plan.Memory.Gradients));
        summary.AddRow("Memory: optimizer state", Bytes(plan.Memory.OptimizerState));
        summary.AddRow("Memory: activations", Bytes(plan.Memory.Activations));
        summary.AddRow("[bold]Peak training memory[/]", $"[bold]{Bytes(plan.PeakMemoryBytes)}[/]");
        summary.AddRow("Training tokens", Count((long)plan.Tokens));
        summary.AddRow("Training FLOPs", plan.Flops.ToString("0.00e+00", CultureInfo.InvariantCulture));
        console.Write(summary);

        var gpus = new Table().AddColumn("GPU").AddColumn("Fits on 1").AddColumn(new TableColumn("GPUs").RightAligned())
            .AddColumn(new TableColumn("Hours").RightAligned()).AddColumn(new TableColumn("USD").RightAligned())
            .AddColumn("Cheapest that fits").AddColumn(new TableColumn("Hours").RightAligned()).AddColumn(new TableColumn("USD").RightAligned());
        foreach (var gpu in plan.Gpus)
        {
            gpus.AddRow(
                Markup.Escape(gpu.Name),
                gpu.Fits ? "[green]yes[/]" : "[red]no[/]",
                gpu.GpuCount is { } count ? count > 1 ? string.Create(CultureInfo.InvariantCulture, $"{count} ({GpuFit.Sharded})") : "1" : $"> {TrainingPlanner.MaxShardedGpus}",
                gpu.Hours?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                gpu.Usd?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(Describe(gpu.Cheapest)),
                gpu.Cheapest?.Hours.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                gpu.Cheapest?.Usd.ToString("0.00", CultureInfo.InvariantCulture) ?? "-");
        }

        console.Write(gpus);
        console.MarkupLine("[dim]Assumptions:[/]");
        foreach (var line in plan.Assumptions)
        {
            console.MarkupLineInterpolated($"[dim]  - {line}[/]");
        }

        console.MarkupLine("[dim]Sources:[/]");
        for (int i = 0; i < plan.Sources.Count; i++)
        {
            console.MarkupLineInterpolated($"[dim]  [[{i + 1}]] {plan.Sources[i]}[/]");
        }
    }

    /// <summary>"micro-batch 2 × 4 accumulated, checkpointing", and the GPUs and sharding method when it needs several.</summary>
    private static string Describe(GpuFit? fit) => fit is null
        ? $"none up to {TrainingPlanner.MaxShardedGpus} GPUs"
        : string.Create(CultureInfo.InvariantCulture, $"micro-batch {fit.MicroBatchSize} × {fit.GradientAccumulationSteps} accumulated{(fit.GradientCheckpointing ? ", checkpointing" : "")}")
            + (fit.MultiGpuMethod is { } method ? string.Create(CultureInfo.InvariantCulture, $", {fit.GpuCount} GPUs with {method}") : "");

    private static string Count(long n) => n switch
    {
        >= 1_000_000_000 => $"{n / 1e9:0.00}B ({n:N0})",
        >= 1_000_000 => $"{n / 1e6:0.00}M ({n:N0})",
        _ => n.ToString("N0", CultureInfo.InvariantCulture),
    };

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => $"{bytes / 1e9:0.0} GB",
        >= 1_000_000 => $"{bytes / 1e6:0.0} MB",
        >= 1_000 => $"{bytes / 1e3:0.0} kB",
        _ => $"{bytes} B",
    };
}
