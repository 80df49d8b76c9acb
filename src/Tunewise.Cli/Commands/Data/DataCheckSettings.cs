using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Data;

public sealed class DataCheckSettings : DataFileSettings
{
    [CommandOption("--against <TEST_FILE>")]
    [Description("A test set to check for train↔test leakage (same format rules as FILE).")]
    public string? Against { get; init; }

    [CommandOption("--json")]
    [Description("Print only the report as JSON.")]
    public bool Json { get; init; }

    [CommandOption("--write-clean <OUT>")]
    [Description("Write a cleaned copy (no duplicates, conflicts, leaks or empty inputs) in the input's format.")]
    public string? WriteClean { get; init; }

    [CommandOption("--max-tokens <N>")]
    [Description("Flag inputs longer than N o200k tokens. Default: 4096.")]
    [DefaultValue(4096)]
    public int MaxTokens { get; init; } = 4096;

    [CommandOption("--threshold <J>")]
    [Description("Near-duplicate threshold (Jaccard similarity of 5-character shingles). Default: 0.8.")]
    [DefaultValue(0.8)]
    public double Threshold { get; init; } = 0.8;

    [CommandOption("--imbalance <RATIO>")]
    [Description("Flag class imbalance when majority/minority reaches this ratio. Default: 10.")]
    [DefaultValue(10.0)]
    public double Imbalance { get; init; } = 10;

    public override ValidationResult Validate()
    {
        if (Threshold is <= 0 or > 1)
        {
            return ValidationResult.Error($"--threshold must be in (0, 1], got {Threshold}");
        }

        if (MaxTokens < 1)
        {
            return ValidationResult.Error($"--max-tokens must be at least 1, got {MaxTokens}");
        }

        return base.Validate();
    }
}
