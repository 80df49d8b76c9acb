using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

public sealed class FaultsBenchSettings : CommandSettings
{
    [CommandOption("-n|--calls <CALLS>")]
    [Description("Logical calls per run.")]
    [DefaultValue(1000)]
    public int Calls { get; init; } = 1000;

    [CommandOption("--rate <SHARE>")]
    [Description("Share of requests that meet a transient fault (429, 500, 503, stall, truncated body, dropped connection).")]
    [DefaultValue(0.2)]
    public double Rate { get; init; } = 0.2;

    [CommandOption("--concurrency <N>")]
    [DefaultValue(16)]
    public int Concurrency { get; init; } = 16;

    [CommandOption("--max-attempts <N>")]
    [DefaultValue(8)]
    public int MaxAttempts { get; init; } = 8;

    [CommandOption("--seed <N>")]
    [DefaultValue(7)]
    public int Seed { get; init; } = 7;

    public override ValidationResult Validate() => this switch
    {
        { Calls: <= 0 } => ValidationResult.Error("-n must be positive."),
        { Rate: < 0 or >= 1 } => ValidationResult.Error("--rate must be in [0, 1)."),
        { Concurrency: <= 0 } => ValidationResult.Error("--concurrency must be positive."),
        { MaxAttempts: <= 0 } => ValidationResult.Error("--max-attempts must be positive."),
        _ => ValidationResult.Success(),
    };
}
