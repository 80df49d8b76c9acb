using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Reports;

public sealed class ReportSettings : GateSettings
{
    /// <summary>The renderings <c>tunewise report</c> can produce.</summary>
    public static readonly string[] Formats = ["md", "json", "html", "junit", "schema"];

    [CommandArgument(0, "[RUN]")]
    [Description("An output folder of `tunewise run` (holding report.json), or the path of a report.json. Not needed with --format schema.")]
    public string? Run { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("md (default), json, html (self-contained page with charts), junit (junit.xml for CI) or schema (the JSON Schema of report.json).")]
    [DefaultValue("md")]
    public string Format { get; set; } = "md";

    [CommandOption("-o|--out <FILE>")]
    [Description("Write the rendering to this file instead of the console.")]
    public string? Out { get; set; }

    public override ValidationResult Validate()
    {
        if (!Formats.Contains(Format))
            return ValidationResult.Error($"--format must be one of {string.Join(", ", Formats)}; got '{Format}'.");
        if (Format != "schema" && string.IsNullOrWhiteSpace(Run))
            return ValidationResult.Error("RUN is required: give the --out folder of `tunewise run` or a report.json path.");
        return base.Validate();
    }
}
