using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Lab.Experiments;

namespace Tunewise.Cli.Commands.Lab;

/// <summary><c>tunewise lab experiment NAME</c>: runs one of the lab's published-finding checks and prints its table.</summary>
public sealed class LabExperimentCommand(IAnsiConsole console) : AsyncCommand<LabExperimentCommand.Settings>
{
    public static readonly string[] Names = ["few-shot", .. StudyExperiments.Names];

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("The experiment: few-shot, lora-vs-full, knowledge, quality or small-vs-large.")]
        public string Name { get; init; } = "";

        [CommandOption("--model <MODEL>")]
        [Description("The lab model to test.")]
        [DefaultValue("lab:tw-base")]
        public string Model { get; init; } = "lab:tw-base";

        [CommandOption("--out <DIR>")]
        [Description("Where study experiments keep their world, run store and reports. Default: a temporary folder, deleted afterwards.")]
        public string? Out { get; init; }

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

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ExperimentTable table = null!;
        if (settings.Name == "few-shot")
        {
            var fewShot = settings.Smoke
                ? new FewShotExperiment.Settings { Model = settings.Model, QueriesPerFamily = 1, Shots = [0, 1], Variants = 2 }
                : new FewShotExperiment.Settings { Model = settings.Model };
            SpectreProgress.Run(console, progress => table = FewShotExperiment.Run(fewShot, progress, cancellationToken));
        }
        else
        {
            var folder = settings.Out ?? Path.Combine(Path.GetTempPath(), $"tunewise-experiment-{Guid.NewGuid():N}");
            try
            {
                table = await StudyExperiments.RunAsync(settings.Name, settings.Smoke, console, Path.GetFullPath(folder), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (settings.Out is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }
        if (settings.Markdown)
        {
            // Markdown lines must not be wrapped at the terminal's width.
            console.Profile.Width = Math.Max(console.Profile.Width, 1000);
            console.WriteLine(table.ToMarkdown());
            return ExitCodes.Ok;
        }
        var grid = new Table().Title(Markup.Escape(table.Title));
        foreach (var column in table.Columns) grid.AddColumn(Markup.Escape(column));
        foreach (var row in table.Rows) grid.AddRow(row.Select(c => new Text(c)).ToArray());
        console.Write(grid);
        foreach (var finding in table.Findings) console.MarkupLineInterpolated($"{finding}");
        return ExitCodes.Ok;
    }
}
