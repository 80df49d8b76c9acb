using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands;

/// <summary>Settings of commands that record results in a run store, so a rerun resumes instead of paying twice.</summary>
public class StudyStoreSettings : StudySettings
{
    public const string DefaultStoreFolder = ".tunewise";

    [CommandOption("--store <DIR>")]
    [Description("Folder of the run store. Default: .tunewise/ beside the study file.")]
    public string? Store { get; set; }

    /// <summary>The run store folder: <c>--store</c>, or <c>.tunewise/</c> beside the study file.</summary>
    public string StoreFolder => Path.GetFullPath(Store ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(StudyFile))!, DefaultStoreFolder));

    public override ValidationResult Validate()
    {
        var result = base.Validate();
        if (!result.Successful)
        {
            return result;
        }
        return Store is not null && File.Exists(Store)
            ? ValidationResult.Error($"--store must be a folder, but {Store} is a file")
            : ValidationResult.Success();
    }
}
