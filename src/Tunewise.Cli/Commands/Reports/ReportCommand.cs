using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Evaluation.Running;

namespace Tunewise.Cli.Commands.Reports;

/// <summary>
/// Re-renders a past run from its <c>report.json</c>, so every rendering says the same thing as the
/// file a run wrote. It never calls a model.
/// </summary>
public sealed class ReportCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var path = Directory.Exists(settings.Run) ? Path.Combine(settings.Run, ReportWriter.ReportJson) : settings.Run;
        if (!File.Exists(path))
        {
            throw new UserInputException($"{settings.Run}: no {ReportWriter.ReportJson} there; give the --out folder of `tunewise run` or a report.json path.");
        }

        StudyReport report;
        try
        {
            report = StudyReport.FromJson(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $":{line + 1}" : "";
            throw new UserInputException($"{path}{where}: not a Tunewise report ({ex.Message})", ex);
        }

        var text = settings.Format == "json" ? report.ToJson() : ReportWriter.Markdown(report);
        if (settings.Out is { } outFile)
        {
            await File.WriteAllTextAsync(outFile, text, cancellationToken);
            console.MarkupLineInterpolated($"Wrote {outFile}");
        }
        else
        {
            console.Profile.Out.Writer.Write(text);
        }

        return ExitCodes.Ok;
    }
}
