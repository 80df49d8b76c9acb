using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Bench;

public sealed class DataCheckBenchSettings : CommandSettings
{
    [CommandOption("-n|--size <N>")]
    [Description("Largest number of examples; the benchmark also runs n/4 and n/2. Default: 100000.")]
    [DefaultValue(100_000)]
    public int N { get; init; } = 100_000;

    [CommandOption("--seed <N>")]
    [DefaultValue(7)]
    public int Seed { get; init; } = 7;

    public override ValidationResult Validate() =>
        N < 400 ? ValidationResult.Error("-n must be at least 400") : ValidationResult.Success();
}
