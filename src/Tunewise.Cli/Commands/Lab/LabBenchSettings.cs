using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabBenchSettings : CommandSettings
{
    [CommandOption("--quick")]
    [Description("A seconds-long smoke run on a tiny model; its figures are not meaningful.")]
    public bool Quick { get; init; }
}
