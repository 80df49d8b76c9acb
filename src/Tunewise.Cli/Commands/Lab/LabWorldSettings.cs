using System.ComponentModel;
using Spectre.Console.Cli;
using Tunewise.Lab.World;

namespace Tunewise.Cli.Commands.Lab;

public sealed class LabWorldSettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder to write the world into.")]
    public string Out { get; init; } = "";

    [CommandOption("--seed <SEED>")]
    [Description("Seed of the world; the same seed gives the same bytes.")]
    [DefaultValue(13UL)]
    public ulong Seed { get; init; } = 13;

    [CommandOption("--size <SIZE>")]
    [Description("tiny (seconds, for tests) or default (the real recipe).")]
    [DefaultValue(WorldSize.Default)]
    public WorldSize Size { get; init; } = WorldSize.Default;

    [CommandOption("--version <N>")]
    [Description("World version: 2 (the shipped built-in models' world) or 1 (the first models' world, kept reproducible).")]
    [DefaultValue(WorldOptions.Shipped)]
    public int Version { get; init; } = WorldOptions.Shipped;

    public override Spectre.Console.ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) return Spectre.Console.ValidationResult.Error("--out DIR is required.");
        return WorldOptions.Versions.Contains(Version)
            ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error($"--version {Version}: known world versions are {string.Join(", ", WorldOptions.Versions)}.");
    }
}
