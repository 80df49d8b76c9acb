using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Experiments;

namespace Tunewise.Cli.Commands.Lab;

/// <summary><c>tunewise lab experiment NAME</c>: runs one of the lab's published-finding checks and prints its table.</summary>
public sealed class LabExperimentCommand(IAnsiConsole console) : Command<LabExperimentCommand.Settings>
{
    public static readonly string[] Names = ["few-shot"];

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The experiment: few-shot.")]
        public string Name { get; init; } = "";

        [CommandOption("--model <MODEL>")]
        [Description("The lab model to test.")]
        [DefaultValue("lab:tw-base")]
        public string Model { get; init; } = "lab:tw-base";

        [CommandOption("--smoke")]
        [Description("A seconds-long version with tiny samples, to check the experiment runs; its numbers mean nothing.")]
        public bool Smoke { get; init; }

        [CommandOption("--markdown")]
        [Description("Print the table as Markdown.")]
        public bool Markdown { get; init; }

        public override ValidationResult Validate() => Names.Contains(Name, StringComparer.Ordinal)
            ? ValidationResult.Success()
            : ValidationResult.Error($"Unknown experiment '{Name}'. Available: {string.Join(", ", Names)}.");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ExperimentTable table = null!;
        var fewShot = settings.Smoke
            ? new FewShotExperiment.Settings { Model = settings.Model, QueriesPerFamily = 1, Shots = [0, 1], Variants = 2 }
            : new FewShotExperiment.Settings { Model = settings.Model };
        SpectreProgress.Run(console, progress => table = FewShotExperiment.Run(fewShot, progress, cancellationToken));
        if (settings.Markdown)
        {
            console.WriteLine(table.ToMarkdown());
            return 0;
        }
        var grid = new Table().Title(Markup.Escape(table.Title));
        foreach (var column in table.Columns) grid.AddColumn(Markup.Escape(column));
        foreach (var row in table.Rows) grid.AddRow(row.Select(c => new Text(c)).ToArray());
        console.Write(grid);
        foreach (var finding in table.Findings) console.MarkupLineInterpolated($"{finding}");
        return 0;
    }
}
