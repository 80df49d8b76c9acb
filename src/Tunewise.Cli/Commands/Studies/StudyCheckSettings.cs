using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Studies;

public sealed class StudyCheckSettings : StudySettings
{
    [CommandOption("--json")]
    [Description("Print the findings as JSON (for editors and CI) instead of text and tables.")]
    public bool Json { get; set; }
}
