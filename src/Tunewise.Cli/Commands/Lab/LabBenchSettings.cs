using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabBenchSettings : CommandSettings
{
    /// <summary>Where the intent data is looked for when --data is not given, from the current folder upwards.</summary>
    public const string DefaultDataPath = "examples/clinc150/data/train.csv";

    [CommandOption("--quick")]
    [Description("A seconds-long smoke run on a tiny model; its figures are not meaningful.")]
    public bool Quick { get; init; }

    [CommandOption("--data <FILE>")]
    [Description("Intent data for the realistic workload: CSV with text and label columns. Default: " + DefaultDataPath + ", looked for from the current folder upwards.")]
    public string? Data { get; init; }

    [CommandOption("--model <MODEL>")]
    [Description("The lab model of the realistic workload (default lab:tw-base).")]
    public string Model { get; init; } = "lab:tw-base";

    public override ValidationResult Validate()
    {
        if (Data is not null && !File.Exists(Data)) return ValidationResult.Error($"--data: '{Path.GetFullPath(Data)}' does not exist.");
        if (!Model.StartsWith("lab:", StringComparison.Ordinal)) return ValidationResult.Error($"--model: '{Model}' is not a lab model; use lab:NAME or lab:path/to/checkpoint.");
        return ValidationResult.Success();
    }

    /// <summary>The data file: --data, or the default path found from <paramref name="start"/> upwards; null when neither exists.</summary>
    public string? ResolveData(string start)
    {
        if (Data is not null) return Data;
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, DefaultDataPath);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
