using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Planning;

public sealed class PlanSettings : CommandSettings
{
    [CommandArgument(0, "<MODEL>")]
    [Description("A catalog name (e.g. llama-3.1-8b), a Hugging Face config.json, or a directory containing one.")]
    public string Model { get; init; } = "";

    [CommandOption("--method <METHOD>")]
    [Description("full, lora or qlora.")]
    [DefaultValue("lora")]
    public string Method { get; init; } = "lora";

    [CommandOption("--seq <TOKENS>")]
    [Description("Sequence length in tokens.")]
    [DefaultValue(2048)]
    public int SequenceLength { get; init; } = 2048;

    [CommandOption("--batch <N>")]
    [Description("Micro-batch size per GPU.")]
    [DefaultValue(8)]
    public int Batch { get; init; } = 8;

    // LoRA and epochs default to a study arm's settings (FineTuneDefaults), so the plan is of the training an arm runs.
    [CommandOption("--rank <R>")]
    [Description("LoRA rank.")]
    [DefaultValue(FineTuneDefaults.Rank)]
    public int Rank { get; init; } = FineTuneDefaults.Rank;

    [CommandOption("--targets <LIST>")]
    [Description("LoRA target matrices: q,k,v,o,gate,up,down or all.")]
    [DefaultValue(FineTuneDefaults.TargetList)]
    public string Targets { get; init; } = FineTuneDefaults.TargetList;

    [CommandOption("--examples <N>")]
    [Description("Training examples.")]
    [DefaultValue(1000L)]
    public long Examples { get; init; } = 1000;

    [CommandOption("--epochs <E>")]
    [DefaultValue((double)FineTuneDefaults.Epochs)]
    public double Epochs { get; init; } = FineTuneDefaults.Epochs;

    [CommandOption("--checkpointing")]
    [Description("Gradient checkpointing: keep only layer inputs, recompute the rest. On by default for lora and qlora, as they are run in practice.")]
    public bool Checkpointing { get; init; }

    [CommandOption("--no-checkpointing")]
    [Description("Plan lora or qlora without gradient checkpointing.")]
    public bool NoCheckpointing { get; init; }

    [CommandOption("--precision <P>")]
    [Description("bf16 (mixed precision, GPUs) or fp32 (the CPU lab engine).")]
    [DefaultValue("bf16")]
    public string Precision { get; init; } = "bf16";

    [CommandOption("--gpus <FILE>")]
    [Description("A GPU catalog JSON to price on instead of the built-in one.")]
    public string? GpuCatalog { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON object instead of tables.")]
    public bool Json { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            return ValidationResult.Error("MODEL is required: a catalog name or a path to config.json.");
        }

        if (!FineTuneMethods.TryParse(Method, out _))
        {
            return ValidationResult.Error($"--method '{Method}' is not known. Expected {FineTuneMethods.Expected}.");
        }

        if (Checkpointing && NoCheckpointing)
        {
            return ValidationResult.Error("--checkpointing and --no-checkpointing contradict each other; give one.");
        }

        if (SequenceLength <= 0 || Batch <= 0 || Rank <= 0 || Examples < 0 || Epochs <= 0)
        {
            return ValidationResult.Error("--seq, --batch, --rank and --epochs must be positive; --examples must not be negative.");
        }

        return Precision.ToLowerInvariant() is "bf16" or "fp32"
            ? ValidationResult.Success()
            : ValidationResult.Error($"--precision '{Precision}' is not known. Expected bf16 or fp32.");
    }
}
