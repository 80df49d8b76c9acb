using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Cli.Commands.Reports;
using Tunewise.Evaluation.Running;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Run;

public sealed class RunSettings : GateSettings
{
    [CommandArgument(0, "[STUDY]")]
    [Description("The study file, or a folder that holds study.yaml. Without it, runs the built-in default study offline on the lab models.")]
    public string? Study { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Where report.json, results.jsonl, report.md, report.html and junit.xml go. Default: tunewise-report/ beside the study; for the default study, the folder that receives both reports and a copy of the task files (default: tunewise-default/; its task files and run store live in $TUNEWISE_HOME/default-study or ~/.local/share/tunewise/default-study, so a rerun is served from the store).")]
    public string? Out { get; set; }

    [CommandOption("--store <PATH>")]
    [Description("The run store (SQLite file). Default: .tunewise/tunewise.db beside the study.")]
    public string? Store { get; set; }

    [CommandOption("--concurrency <N>")]
    [Description("Model calls in flight at once. Default: 8.")]
    [DefaultValue(RunnerOptions.DefaultConcurrency)]
    public int Concurrency { get; set; } = RunnerOptions.DefaultConcurrency;

    [CommandOption("--skip-invalid")]
    [Description("Skip malformed data rows (they are listed) instead of stopping.")]
    public bool SkipInvalid { get; set; }

    public bool UsesDefaultStudy => string.IsNullOrWhiteSpace(Study);

    public string StudyFile
    {
        get
        {
            var study = Study ?? "";
            return Directory.Exists(study) ? Path.Combine(study, StudyLoader.DefaultFileName) : study;
        }
    }

    public override ValidationResult Validate()
    {
        if (Concurrency < 1)
            return ValidationResult.Error("--concurrency must be at least 1");
        if (base.Validate() is { Successful: false } gates)
            return gates;
        if (Store is not null && Directory.Exists(Store))
            return ValidationResult.Error($"--store must be a SQLite file path, but {Store} is a folder");
        if (!UsesDefaultStudy && !File.Exists(StudyFile))
            return ValidationResult.Error($"study file not found: {StudyFile} (create one with 'tunewise init')");
        return ValidationResult.Success();
    }
}
