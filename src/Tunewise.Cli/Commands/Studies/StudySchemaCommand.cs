using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Studies;

/// <summary><c>tunewise study schema</c>: the JSON Schema of study files.</summary>
public sealed class StudySchemaCommand(IAnsiConsole console) : AsyncCommand<StudySchemaSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StudySchemaSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Out is { } file)
        {
            await File.WriteAllTextAsync(file, StudySchema.Json, cancellationToken);
            console.MarkupLineInterpolated($"[green]wrote[/] {Path.GetFullPath(file)}");
            return ExitCodes.Ok;
        }
        // Raw text, not a rendered widget: rendering would wrap long lines and break the JSON.
        console.Profile.Out.Writer.Write(StudySchema.Json);
        return ExitCodes.Ok;
    }
}
