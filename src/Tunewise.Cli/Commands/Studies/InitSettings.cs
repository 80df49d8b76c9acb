using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Studies;

public sealed class InitSettings : CommandSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("Where to write the study: a .yaml file, or a folder to hold study.yaml. Default: ./study.yaml")]
    public string? Path { get; set; }

    [CommandOption("-f|--force")]
    [Description("Overwrite an existing study file. Data files are never overwritten.")]
    public bool Force { get; set; }

    /// <summary>The study file to write.</summary>
    public string StudyFile
    {
        get
        {
            var path = string.IsNullOrWhiteSpace(Path) ? StudyLoader.DefaultFileName : Path;
            var isFolder = Directory.Exists(path) || path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar);
            return System.IO.Path.GetFullPath(isFolder ? System.IO.Path.Combine(path, StudyLoader.DefaultFileName) : path);
        }
    }

    public override ValidationResult Validate()
    {
        var extension = System.IO.Path.GetExtension(StudyFile);
        if (extension is not (".yaml" or ".yml"))
        {
            return ValidationResult.Error($"a study file ends in .yaml or .yml (got {Path})");
        }
        return File.Exists(StudyFile) && !Force
            ? ValidationResult.Error($"{StudyFile} already exists; pass --force to overwrite it")
            : ValidationResult.Success();
    }
}
