using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Benchmarks;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Training;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabMemorySettings : CommandSettings
{
    [CommandArgument(0, "[MODEL]")]
    [Description("lab:NAME, lab:path/to/checkpoint, or a checkpoint directory.")]
    [DefaultValue("tw-base")]
    public string Model { get; init; } = "tw-base";

    [CommandOption("--method <METHOD>")]
    [Description("full, lora, qlora, or all (each in its own process).")]
    [DefaultValue("all")]
    public string Method { get; init; } = "all";

    [CommandOption("--seq <TOKENS>")]
    [Description("Tokens per sequence; every sequence is this long.")]
    [DefaultValue(256)]
    public int SequenceLength { get; init; } = 256;

    [CommandOption("--batch-size <N>")]
    [Description("Sequences per step (the micro-batch).")]
    [DefaultValue(8)]
    public int BatchSize { get; init; } = 8;

    [CommandOption("--rank <R>")]
    [DefaultValue(8)]
    public int Rank { get; init; } = 8;

    [CommandOption("--dropout <P>")]
    [Description("LoRA dropout (studies train with 0.05).")]
    [DefaultValue(0.05)]
    public double Dropout { get; init; } = 0.05;

    [CommandOption("--targets <LIST>")]
    [Description("Comma-separated projections for LoRA, or all.")]
    [DefaultValue("all")]
    public string Targets { get; init; } = "all";

    [CommandOption("--steps <N>")]
    [Description("Optimizer steps per measurement.")]
    [DefaultValue(3)]
    public int Steps { get; init; } = 3;

    [CommandOption("--mmap-threshold <BYTES>")]
    [Description("Run the measurements with glibc's MALLOC_MMAP_THRESHOLD_ fixed at BYTES: larger allocations are then mapped and unmapped one by one, so the peak shows the tensors without the heap's retention.")]
    public long? MmapThreshold { get; init; }

    /// <summary>Measure one method in this process and print the reading as JSON: what each isolated child runs.</summary>
    [CommandOption("--in-process", IsHidden = true)]
    public bool InProcess { get; init; }

    public IReadOnlyList<FineTuneMethod> Methods => string.Equals(Method, "all", StringComparison.OrdinalIgnoreCase)
        ? [FineTuneMethod.Full, FineTuneMethod.Lora, FineTuneMethod.Qlora]
        : [Enum.Parse<FineTuneMethod>(Method, ignoreCase: true)];

    public IReadOnlyList<string> TargetModules => string.Equals(Targets, "all", StringComparison.OrdinalIgnoreCase)
        ? LoraOptions.AllProjections
        : Targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public TrainingMemoryProbeOptions ProbeOptions(FineTuneMethod method) => new()
    {
        Method = method,
        SequenceLength = SequenceLength,
        MicroBatchSize = BatchSize,
        Rank = Rank,
        Dropout = Dropout,
        Targets = TargetModules,
        Steps = Steps,
    };

    public override ValidationResult Validate()
    {
        if (!string.Equals(Method, "all", StringComparison.OrdinalIgnoreCase) && !Enum.TryParse<FineTuneMethod>(Method, ignoreCase: true, out _))
            return ValidationResult.Error($"--method must be full, lora, qlora or all, not '{Method}'.");
        if (MmapThreshold is <= 0) return ValidationResult.Error("--mmap-threshold must be positive.");
        if (InProcess && Methods.Count != 1) return ValidationResult.Error("--in-process measures one method; name it with --method.");
        try
        {
            ProbeOptions(FineTuneMethod.Lora).Validate();
        }
        catch (Exception ex) when (ex is UserInputException or ArgumentException)
        {
            return ValidationResult.Error(ex.Message);
        }
        return ValidationResult.Success();
    }
}
