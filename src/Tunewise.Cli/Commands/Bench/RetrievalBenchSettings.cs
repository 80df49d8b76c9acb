using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Bench;

public sealed class RetrievalBenchSettings : CommandSettings
{
    [CommandOption("-n|--size <N>")]
    [Description("Number of synthetic documents to index. Default: 20000.")]
    [DefaultValue(20_000)]
    public int N { get; init; } = 20_000;

    [CommandOption("-q|--queries <N>")]
    [Description("Planted questions asked at each concurrency. Default: 2000.")]
    [DefaultValue(2_000)]
    public int Queries { get; init; } = 2_000;

    [CommandOption("--on-disk")]
    [Description("Build the index in a temporary folder on disk instead of in memory.")]
    public bool OnDisk { get; init; }

    [CommandOption("--seed <N>")]
    [DefaultValue(7)]
    public int Seed { get; init; } = 7;

    public override ValidationResult Validate() =>
        N < 100 ? ValidationResult.Error("-n must be at least 100")
        : Queries < 1 ? ValidationResult.Error("--queries must be at least 1")
        : ValidationResult.Success();
}
