using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsCheckSettings : ModelCallSettings
{
    [CommandOption("--timeout <SECONDS>")]
    [Description("Give up after this many seconds per attempt.")]
    [DefaultValue(30)]
    public override int TimeoutSeconds { get; init; } = 30;

    public override ValidationResult Validate() => TimeoutError() ?? ValidationResult.Success();
}
