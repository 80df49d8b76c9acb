using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests.Commands;

/// <summary>Smoke versions of the lab experiments: each runs end to end in seconds on a built-in model.</summary>
public class LabExperimentCommandTests
{
    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Few_shot_smoke_prints_both_family_groups_with_intervals_and_spread()
    {
        var (exitCode, output) = Run("lab", "experiment", "few-shot", "--model", "lab:tw-small", "--smoke", "--markdown");

        Assert.Equal(0, exitCode);
        Assert.Contains("task recognition", output);
        Assert.Contains("task learning", output);
        Assert.Contains("| shots |", output);
        Assert.Matches(@"\d\.\d\d \[\d\.\d\d, \d\.\d\d\]", output);
    }

    [Theory]
    [InlineData("lora-vs-full", "LoRA forgets less")]
    [InlineData("knowledge", "Retrieval beats fine-tuning")]
    [InlineData("quality", "Quality over quantity")]
    [InlineData("small-vs-large", "Small fine-tuned vs large prompted")]
    public void Study_experiment_smoke_runs_end_to_end_and_states_whether_its_finding_held(string name, string finding)
    {
        using var dir = new Tunewise.Testing.TempDirectory();

        var (exitCode, output) = Run("lab", "experiment", name, "--smoke", "--markdown", "--out", dir.Path);

        Assert.True(exitCode == 0, output);
        Assert.Contains(finding, output);
        Assert.Matches("held|did not hold|not shown|not measured", output);
        Assert.Contains("forgetting Δ", output);
        Assert.True(File.Exists(Path.Combine(dir.Path, name, "report.html")));
    }

    [Theory]
    [InlineData(0.05, 0.01, 0.09, "held")]
    [InlineData(-0.005, -0.015, 0.0, "not shown (no detectable difference)")]
    [InlineData(0.0, 0.0, 0.0, "not shown (no detectable difference)")]
    [InlineData(-0.2, -0.3, -0.1, "did not hold (the opposite is detectable)")]
    public void A_finding_holds_only_when_its_paired_difference_excludes_zero(double value, double low, double high, string verdict)
    {
        Assert.Equal(verdict, Tunewise.Cli.Commands.Lab.StudyExperiments.Verdict(new Tunewise.Results.MetricEstimate(value, low, high, 200)));
        Assert.Equal("not measured", Tunewise.Cli.Commands.Lab.StudyExperiments.Verdict(null));
    }

    [Fact]
    public void An_unknown_experiment_lists_the_available_ones()
    {
        var (exitCode, output) = Run("lab", "experiment", "few-shots");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("few-shot", output);
    }
}
