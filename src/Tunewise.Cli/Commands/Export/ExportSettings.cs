using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Export;

public sealed class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<PACK>")]
    [Description("axolotl, llama-factory, torchtune, openai or hf.")]
    public string Pack { get; init; } = "";

    [CommandOption("--train <FILE>")]
    [Description("Training examples, JSONL with the input and expected fields.")]
    public string Train { get; init; } = "";

    [CommandOption("--dev <FILE>")]
    [Description("Optional dev examples, same format.")]
    public string? Dev { get; init; }

    [CommandOption("--test <FILE>")]
    [Description("The frozen test split; any of its ids in --train or --dev makes the export fail.")]
    public string? Test { get; init; }

    [CommandOption("--base-model <ID>")]
    [Description("Hugging Face id (or OpenAI model name) of the base model.")]
    public string BaseModel { get; init; } = "";

    [CommandOption("--method <METHOD>")]
    [DefaultValue("lora")]
    public string Method { get; init; } = "lora";

    [CommandOption("--out <DIR>")]
    public string Out { get; init; } = "";

    [CommandOption("--input-field <NAME>")]
    [DefaultValue("input")]
    public string InputField { get; init; } = "input";

    [CommandOption("--expected-field <NAME>")]
    [DefaultValue("expected")]
    public string ExpectedField { get; init; } = "expected";

    [CommandOption("--system <PROMPT>")]
    [Description("A system prompt added to every conversation.")]
    public string? SystemPrompt { get; init; }

    [CommandOption("--rank <R>")]
    [DefaultValue(16)]
    public int Rank { get; init; } = 16;

    [CommandOption("--alpha <A>")]
    [DefaultValue(32)]
    public int Alpha { get; init; } = 32;

    [CommandOption("--dropout <P>")]
    [DefaultValue(0.05)]
    public double Dropout { get; init; } = 0.05;

    [CommandOption("--targets <LIST>")]
    [DefaultValue("q,v")]
    public string Targets { get; init; } = "q,v";

    [CommandOption("--epochs <E>")]
    [DefaultValue(3.0)]
    public double Epochs { get; init; } = 3;

    [CommandOption("--lr <RATE>")]
    [DefaultValue(2e-4)]
    public double LearningRate { get; init; } = 2e-4;

    [CommandOption("--seq <TOKENS>")]
    [DefaultValue(2048)]
    public int SequenceLength { get; init; } = 2048;

    [CommandOption("--deepspeed <FILE>")]
    [Description("A DeepSpeed JSON config to name in the pack.")]
    public string? DeepSpeed { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Train)) return ValidationResult.Error("--train FILE is required.");
        if (string.IsNullOrWhiteSpace(BaseModel)) return ValidationResult.Error("--base-model ID is required.");
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out DIR is required.");
        return FineTuneMethods.TryParse(Method, out _)
            ? ValidationResult.Success()
            : ValidationResult.Error($"--method '{Method}' is not known. Expected {FineTuneMethods.Expected}.");
    }
}
