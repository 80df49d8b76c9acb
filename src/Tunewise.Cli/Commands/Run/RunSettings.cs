using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tunewise.Evaluation.Running;
using Tunewise.Studies;

namespace Tunewise.Cli.Commands.Run;

public sealed class RunSettings : CommandSettings
{
    [CommandArgument(0, "[STUDY]")]
    [Description("The study file, or a folder that holds study.yaml. Without it, runs the built-in default study offline on the lab models.")]
    public string? Study { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Where report.json, results.jsonl and report.md go. Default: tunewise-report/ beside the study; for the default study, the folder that receives the world and both reports (default: tunewise-default/).")]
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

    [CommandOption("--fail-under <METRIC=VALUE>")]
    [Description("Exit 1 unless every prompting arm's named metric reaches VALUE; repeatable. Without it, exit 0 whenever the run completes.")]
    public string[] FailUnder { get; set; } = [];

    public bool UsesDefaultStudy => string.IsNullOrWhiteSpace(Study);

    public string StudyFile
    {
        get
        {
            var study = Study ?? "";
            return Directory.Exists(study) ? Path.Combine(study, StudyLoader.DefaultFileName) : study;
        }
    }

    public IReadOnlyList<(string Metric, double Value)> Gates =>
        FailUnder.Select(g => g.Split('=', 2)).Select(p => (p[0].Trim(), double.Parse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture))).ToList();

    public override ValidationResult Validate()
    {
        if (Concurrency < 1)
            return ValidationResult.Error("--concurrency must be at least 1");
        foreach (var gate in FailUnder)
        {
            var parts = gate.Split('=', 2);
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return ValidationResult.Error($"--fail-under expects METRIC=VALUE, e.g. accuracy=0.9; got '{gate}'");
        }
        if (Store is not null && Directory.Exists(Store))
            return ValidationResult.Error($"--store must be a SQLite file path, but {Store} is a folder");
        if (!UsesDefaultStudy && !File.Exists(StudyFile))
            return ValidationResult.Error($"study file not found: {StudyFile} (create one with 'tunewise init')");
        return ValidationResult.Success();
    }
}
