using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Reports;
using Tunewise.Reports.Exporters;
using Tunewise.Results;

namespace Tunewise.Cli.Commands.Reports;

/// <summary>
/// Re-renders a past run from its <c>report.json</c> (and <c>results.jsonl</c> beside it, for the HTML
/// explorer), so every rendering says the same thing as the files a run wrote. It never calls a model.
/// <c>--fail-under</c> gates apply to the report read back, as they do at the end of a run.
/// </summary>
public sealed class ReportCommand(IAnsiConsole console) : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Format == "schema")
        {
            await WriteAsync(settings, ReportSchema.Json, cancellationToken);
            return ExitCodes.Ok;
        }

        var run = settings.Run!;
        var path = Directory.Exists(run) ? Path.Combine(run, JsonReportExporter.FileName) : run;
        if (!File.Exists(path))
        {
            throw new UserInputException($"{run}: no {JsonReportExporter.FileName} there; give the --out folder of `tunewise run` or a report.json path.");
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

        var gates = settings.Gates;
        // The same exporters as `tunewise run`; only the HTML page needs the per-example results.
        var exporter = ReportExporters.Named(settings.Format);
        var results = exporter is HtmlReportExporter ? await ReadResultsAsync(path, cancellationToken) : [];
        var text = exporter.Export(new ReportExport(report, results) { Gates = gates }).Single().Content;
        await WriteAsync(settings, text, cancellationToken);
        // Gate messages go to stderr so a rendering on stdout stays clean for redirection.
        return GateCheck.Apply(report, gates, message => Console.Error.WriteLine(message));
    }

    private static async Task<IReadOnlyList<ResultLine>> ReadResultsAsync(string reportPath, CancellationToken cancellationToken)
    {
        var resultsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, JsonlResultsExporter.FileName);
        try
        {
            return await ResultsJsonl.ReadAsync(resultsPath, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{resultsPath}: {ex.Message}", ex);
        }
    }

    private async Task WriteAsync(ReportSettings settings, string text, CancellationToken cancellationToken)
    {
        if (settings.Out is { } outFile)
        {
            await File.WriteAllTextAsync(outFile, text, cancellationToken);
            console.MarkupLineInterpolated($"Wrote {outFile}");
        }
        else
        {
            console.Profile.Out.Writer.Write(text);
        }
    }
}
