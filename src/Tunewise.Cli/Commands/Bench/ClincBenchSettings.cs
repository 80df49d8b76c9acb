using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Bench;

public sealed class ClincBenchSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("The CLINC150 folder with train.csv and test.csv (id, text, label).")]
    [DefaultValue("examples/clinc150/data")]
    public string Data { get; init; } = "examples/clinc150/data";

    [CommandOption("--out <DIR>")]
    [Description("Where the study, its data subsets, the run store and the reports go.")]
    [DefaultValue("clinc150-bench")]
    public string Out { get; init; } = "clinc150-bench";

    [CommandOption("--test-per-label <N>")]
    [Description("Test examples per intent (a seeded stratified subset of test.csv); 0 = all of it.")]
    [DefaultValue(10)]
    public int TestPerLabel { get; init; } = 10;

    [CommandOption("--base-model <REF>")]
    [Description("The model of the prompting and LoRA arms.")]
    [DefaultValue("lab:tw-base")]
    public string BaseModel { get; init; } = "lab:tw-base";

    [CommandOption("--small-model <REF>")]
    [Description("The model of the full fine-tuning arm.")]
    [DefaultValue("lab:tw-small")]
    public string SmallModel { get; init; } = "lab:tw-small";

    [CommandOption("--quick")]
    [Description("A smoke run of seconds: a few intents, a few examples each, and training capped at a few steps.")]
    public bool Quick { get; init; }

    public override ValidationResult Validate()
    {
        if (TestPerLabel < 0) return ValidationResult.Error("--test-per-label must be 0 (all) or more.");
        foreach (var file in new[] { "train.csv", "test.csv" })
        {
            if (!File.Exists(Path.Combine(Data, file)))
                return ValidationResult.Error($"--data {Data}: no {file} there (the CLINC150 folder is examples/clinc150/data in the repository).");
        }
        return ValidationResult.Success();
    }
}
