using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests.Commands;

/// <summary>Smoke versions of the lab experiments: each runs end to end in seconds on a built-in model.</summary>
public class LabExperimentCommandTests
{
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var exitCode = Program.Run(args, console);
        return (exitCode, console.Output);
    }

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

    [Fact]
    public void An_unknown_experiment_lists_the_available_ones()
    {
        var (exitCode, output) = Run("lab", "experiment", "few-shots");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("few-shot", output);
    }
}
