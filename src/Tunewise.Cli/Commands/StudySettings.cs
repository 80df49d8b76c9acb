using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands;

/// <summary>Settings of every command that works on a study file.</summary>
public class StudySettings : CommandSettings
{
    [CommandArgument(0, "<STUDY>")]
    [Description("The study file, or a folder that holds study.yaml.")]
    public string Study { get; set; } = string.Empty;

    /// <summary>The study file itself, when <see cref="Study"/> names a folder.</summary>
    public string StudyFile => Directory.Exists(Study) ? Path.Combine(Study, StudyLoader.DefaultFileName) : Study;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Study))
        {
            return ValidationResult.Error("give a study file, e.g. study.yaml");
        }
        return File.Exists(StudyFile)
            ? ValidationResult.Success()
            : ValidationResult.Error($"study file not found: {StudyFile} (create one with 'tunewise init')");
    }
}
