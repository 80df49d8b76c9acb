using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Data;

public sealed class DataSplitSettings : DataFileSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder for train, dev and test files and test.frozen.json.")]
    public string Out { get; init; } = string.Empty;

    [CommandOption("--dev <FRACTION>")]
    [DefaultValue(0.1)]
    public double Dev { get; init; } = 0.1;

    [CommandOption("--test <FRACTION>")]
    [DefaultValue(0.2)]
    public double Test { get; init; } = 0.2;

    [CommandOption("--seed <N>")]
    [DefaultValue(13)]
    public int Seed { get; init; } = 13;

    [CommandOption("--stratify")]
    [Description("Keep each label's share in every split (uses the gold field).")]
    public bool Stratify { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("give an output folder with --out DIR");
        }

        if (Dev < 0 || Test < 0 || Dev + Test >= 1)
        {
            return ValidationResult.Error($"--dev ({Dev}) and --test ({Test}) must be ≥ 0 and add up to less than 1");
        }

        return base.Validate();
    }
}
