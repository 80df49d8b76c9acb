using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Studies;

/// <summary><c>tunewise init [PATH]</c>: writes a starter study that passes <c>tunewise study check</c> as written.</summary>
public sealed class InitCommand(IAnsiConsole console) : AsyncCommand<InitSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, InitSettings settings, CancellationToken cancellationToken)
    {
        var studyFile = settings.StudyFile;
        var folder = Path.GetDirectoryName(studyFile)!;
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(studyFile, StarterStudy.Yaml, cancellationToken);
        console.MarkupLineInterpolated($"[green]wrote[/] {studyFile}");

        // The sample data is the user's to replace; once it exists it is theirs, so never overwrite it.
        var dataFile = Path.Combine(folder, StarterStudy.DataPath);
        if (File.Exists(dataFile))
        {
            console.MarkupLineInterpolated($"[grey]kept[/]  {dataFile} (already there)");
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dataFile)!);
            await File.WriteAllTextAsync(dataFile, StarterStudy.SampleData, cancellationToken);
            console.MarkupLineInterpolated($"[green]wrote[/] {dataFile}");
        }

        var relative = Path.GetRelativePath(Environment.CurrentDirectory, studyFile);
        console.WriteLine();
        console.MarkupLine("Next:");
        console.MarkupLineInterpolated($"  1. put your examples in {StarterStudy.DataPath} (columns: id, text, label) and edit the study");
        console.MarkupLineInterpolated($"  2. tunewise study check {relative}");
        return ExitCodes.Ok;
    }
}
