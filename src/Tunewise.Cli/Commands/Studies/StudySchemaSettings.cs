using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Studies;

public sealed class StudySchemaSettings : CommandSettings
{
    [CommandOption("-o|--out <FILE>")]
    [Description("Write the schema to FILE instead of printing it.")]
    public string? Out { get; set; }
}
