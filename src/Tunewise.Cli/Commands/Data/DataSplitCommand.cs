using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Data;
using Tunewise.Data.Splits;

namespace Tunewise.Cli.Commands.Data;

/// <summary><c>tunewise data split FILE --out DIR</c>: a deterministic split with the test set frozen and hashed.</summary>
public sealed class DataSplitCommand(IAnsiConsole console) : AsyncCommand<DataSplitSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DataSplitSettings settings, CancellationToken cancellationToken)
    {
        var data = await DataLoader.LoadAsync(settings.File, settings.LoadOptions(), cancellationToken);
        if (settings.Stratify && data.Mapping.ExpectedField is null)
        {
            throw new UserInputException($"{settings.File}: --stratify needs a gold field; name it with --expected FIELD");
        }

        var split = DataSplitter.Split(data.Examples, new SplitOptions(settings.Dev, settings.Test, settings.Seed, settings.Stratify ? data.Mapping.ExpectedField : null));
        Directory.CreateDirectory(settings.Out);
        var extension = data.Format == DataFormat.Csv ? ".csv" : ".jsonl";
        foreach (var (name, part) in new[] { ("train", split.Train), ("dev", split.Dev), ("test", split.Test) })
        {
            await DataWriter.WriteAsync(Path.Combine(settings.Out, name + extension), data.Format, part, cancellationToken);
        }

        var contentFields = data.Mapping.InputFields.Concat(data.Mapping.ExpectedField is { } expected ? [expected] : []).ToArray();
        var frozen = FrozenTestSet.Create(split.Test, data.Mapping.IdField, contentFields);
        var frozenPath = Path.Combine(settings.Out, "test.frozen.json");
        await frozen.SaveAsync(frozenPath, cancellationToken);

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Split").AddColumn(new TableColumn("Examples").RightAligned()).AddColumn("File");
        table.AddRow("train", split.Train.Count.ToString(), Markup.Escape(Path.Combine(settings.Out, "train" + extension)));
        table.AddRow("dev", split.Dev.Count.ToString(), Markup.Escape(Path.Combine(settings.Out, "dev" + extension)));
        table.AddRow("test", split.Test.Count.ToString(), Markup.Escape(Path.Combine(settings.Out, "test" + extension)));
        console.Write(table);
        console.MarkupLineInterpolated($"test set frozen: {frozenPath} (sha256 {frozen.Hash[..16]}…, seed {settings.Seed}{(settings.Stratify ? ", stratified" : string.Empty)})");
        foreach (var skipped in data.Skipped)
        {
            console.MarkupLineInterpolated($"[grey]skipped[/] {skipped}");
        }

        return ExitCodes.Ok;
    }
}
