using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Models;

public sealed class ModelsListSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the catalog as JSON.")]
    public bool Json { get; init; }

    [CommandOption("--wide")]
    [Description("Add each price's source and date to the table (for terminals wider than 80 columns).")]
    public bool Wide { get; init; }

    [CommandOption("--catalog <FILE>")]
    [Description("A catalog YAML whose entries override and extend the built-in one.")]
    public string? Catalog { get; init; }

    public override ValidationResult Validate() =>
        Catalog is not null && !File.Exists(Catalog)
            ? ValidationResult.Error($"--catalog: file '{Catalog}' not found.")
            : ValidationResult.Success();
}
