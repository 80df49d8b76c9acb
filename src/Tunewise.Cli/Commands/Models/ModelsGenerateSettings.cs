using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsGenerateSettings : ModelCallSettings
{
    [CommandOption("--prompt <TEXT>")]
    [Description("The user message (or, with --raw, the exact text to continue).")]
    public string? Prompt { get; init; }

    [CommandOption("--max-tokens <N>")]
    [DefaultValue(256)]
    public int MaxTokens { get; init; } = 256;

    [CommandOption("--temperature <T>")]
    [Description("Sampling temperature; 0 (the default) is greedy.")]
    [DefaultValue(0.0)]
    public double Temperature { get; init; }

    [CommandOption("--timeout <SECONDS>")]
    [Description("Give up after this many seconds per attempt.")]
    [DefaultValue(120)]
    public override int TimeoutSeconds { get; init; } = 120;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrEmpty(Prompt)) return ValidationResult.Error("--prompt is required.");
        if (MaxTokens <= 0) return ValidationResult.Error($"--max-tokens must be positive (got {MaxTokens}).");
        if (Temperature is < 0 or > 2 || double.IsNaN(Temperature)) return ValidationResult.Error($"--temperature must be between 0 and 2 (got {Temperature}).");
        return TimeoutError() ?? ValidationResult.Success();
    }
}
