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
        Assert.Matches("held|did not hold|wins|does not win", output);
        Assert.Contains("forgetting Δ", output);
        Assert.True(File.Exists(Path.Combine(dir.Path, name, "report.html")));
    }

    [Fact]
    public void An_unknown_experiment_lists_the_available_ones()
    {
        var (exitCode, output) = Run("lab", "experiment", "few-shots");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("few-shot", output);
    }
}
