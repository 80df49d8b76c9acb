using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Reports;

public sealed class ReportSettings : CommandSettings
{
    [CommandArgument(0, "<RUN>")]
    [Description("An output folder of `tunewise run` (holding report.json), or the path of a report.json.")]
    public string Run { get; set; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("md (default) or json.")]
    [DefaultValue("md")]
    public string Format { get; set; } = "md";

    [CommandOption("-o|--out <FILE>")]
    [Description("Write the rendering to this file instead of the console.")]
    public string? Out { get; set; }

    public override ValidationResult Validate() =>
        Format is "md" or "json"
            ? ValidationResult.Success()
            : ValidationResult.Error($"--format must be md or json; got '{Format}'.");
}
