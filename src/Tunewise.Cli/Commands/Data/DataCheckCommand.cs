using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Data;
using Tunewise.Data.Curation;

namespace Tunewise.Cli.Commands.Data;

/// <summary><c>tunewise data check FILE</c>: duplicates, near duplicates, leakage, conflicts, empty/overlong inputs, imbalance.</summary>
public sealed class DataCheckCommand(IAnsiConsole console) : AsyncCommand<DataCheckSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DataCheckSettings settings, CancellationToken cancellationToken)
    {
        var loadOptions = settings.LoadOptions();
        var data = await DataLoader.LoadAsync(settings.File, loadOptions, cancellationToken);
        var mapping = data.Mapping;
        if (mapping.InputFields.Count == 0)
            throw new UserInputException($"{settings.File}: holds no example rows, so there is nothing to check");
        LoadedData? against = null;
        if (settings.Against is not null)
        {
            // The test file is read with the same mapping, so the same fields are compared.
            against = await DataLoader.LoadAsync(settings.Against, loadOptions with { Mapping = mapping with { IdField = null } }, cancellationToken);
        }

        var curator = new DataCurator(new CurationOptions
        {
            InputFields = mapping.InputFields,
            ExpectedField = mapping.ExpectedField,
            NearDuplicateThreshold = settings.Threshold,
            MaxTokens = settings.MaxTokens,
            ImbalanceThreshold = settings.Imbalance,
        });
        var result = await curator.CheckAsync(data.Examples, against?.Examples, cancellationToken: cancellationToken);
        var report = result.Report with
        {
            File = settings.File,
            Against = settings.Against,
            SkippedRows = data.Skipped.Concat(against?.Skipped ?? []).Select(s => s.ToString()).ToArray(),
        };

        CleanResult? clean = null;
        if (settings.WriteClean is not null)
        {
            clean = await result.WriteCleanAsync(settings.WriteClean, data.Format, cancellationToken);
        }

        if (settings.Json)
        {
            // Raw output, not markup: JSON must not be wrapped or styled.
            console.Profile.Out.Writer.WriteLine(report.ToJson());
            console.Profile.Out.Writer.Flush();
            return ExitCodes.Ok;
        }

        CurationReportView.Render(console, report, clean);
        return ExitCodes.Ok;
    }
}
