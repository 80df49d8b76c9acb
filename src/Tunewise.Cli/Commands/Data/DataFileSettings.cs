using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Data;

namespace Tunewise.Cli.Commands.Data;

/// <summary>Options shared by the data commands: the file, its format and how its fields map.</summary>
public class DataFileSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Data file: .csv (with a header row), .jsonl, or chat .jsonl ({\"messages\": [[...]]}).")]
    public string File { get; init; } = string.Empty;

    [CommandOption("--input <FIELD>")]
    [Description("Input field shown to the model; repeat or separate with commas for several. Default: input, text, question, ... or all other columns.")]
    public string[] Input { get; init; } = [];

    [CommandOption("--expected <FIELD>")]
    [Description("Gold field. Default: expected, label, output, answer, ... when present.")]
    public string? Expected { get; init; }

    [CommandOption("--id <FIELD>")]
    [Description("Id field. Default: 'id' when present, else a content hash.")]
    public string? Id { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("csv, jsonl or chat. Default: from the extension.")]
    public string? Format { get; init; }

    [CommandOption("--skip-invalid")]
    [Description("Skip malformed rows (and list them) instead of stopping at the first.")]
    public bool SkipInvalid { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(File))
        {
            return ValidationResult.Error("give a data file");
        }

        if (Format is not null && Format.ToLowerInvariant() is not ("csv" or "jsonl" or "json" or "chat"))
        {
            return ValidationResult.Error($"--format must be csv, jsonl or chat, got '{Format}'");
        }

        return ValidationResult.Success();
    }

    public DataLoadOptions LoadOptions() => new()
    {
        Format = Format is null ? null : DataLoader.ParseFormat(Format),
        SkipInvalid = SkipInvalid,
        Mapping = new DataMapping
        {
            InputFields = Input.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            ExpectedField = Expected,
            IdField = Id,
        },
    };
}
