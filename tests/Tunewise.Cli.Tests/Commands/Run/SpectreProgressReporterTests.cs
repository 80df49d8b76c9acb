using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using Spectre.Console.Testing;
using Tunewise.Cli.Commands.Run;

namespace Tunewise.Cli.Tests.Commands.Run;

public class SpectreProgressReporterTests
{
    [Fact]
    public void Redirected_output_gets_one_line_per_interval_naming_every_running_arm_not_a_line_per_update()
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 200;
        Assert.False(console.Profile.Capabilities.Interactive);
        var time = new FakeTimeProvider();

        console.Progress().Start(context =>
        {
            var reporter = new SpectreProgressReporter(context, console, time);
            var fast = reporter.Start("zero-shot", 100);
            using var slow = reporter.Start("few-shot-8", 1000);
            // 1,100 updates over 100 simulated seconds; the fast arm finishes after 10 s.
            for (int i = 0; i < 1000; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                if (i < 100) fast.Increment();
                if (i == 99) fast.Dispose();
                slow.Increment();
            }
        });

        var lines = console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var progress = lines.Where(l => l.StartsWith("progress:", StringComparison.Ordinal)).ToList();
        // One line per 5 s of a 100 s run, give or take the edges.
        Assert.InRange(progress.Count, 18, 20);
        Assert.True(lines.Length <= progress.Count + 4, console.Output);
        Assert.Single(lines, l => l.StartsWith("started: zero-shot", StringComparison.Ordinal));
        Assert.Single(lines, l => l == "done: zero-shot (100/100) in 10.0s");
        Assert.Single(lines, l => l.StartsWith("done: few-shot-8 (1000/1000) in 1m40s", StringComparison.Ordinal));

        // While both arms run, each line states both; after the fast one is done, it is never repeated.
        // Each states its time left at its own rate since its first update (the slow arm has not yet had its 5 s update).
        Assert.Equal("progress: zero-shot 50/100 (50%, ETA 5.0s) | few-shot-8 49/1000 (5%, ETA 1m37s)", progress[0]);
        int done = Array.FindIndex(lines, l => l.StartsWith("done: zero-shot", StringComparison.Ordinal));
        Assert.All(lines.Skip(done + 1), l => Assert.DoesNotContain("zero-shot", l));
        Assert.Contains("progress: few-shot-8 1000/1000 (100%)", progress[^1]);
        Assert.DoesNotContain("%", string.Join("\n", lines.Where(l => !l.StartsWith("progress:", StringComparison.Ordinal))));
    }

    [Fact]
    public void A_resumed_task_times_its_rate_from_where_it_resumed()
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 200;
        var time = new FakeTimeProvider();
        console.Progress().Start(context =>
        {
            var reporter = new SpectreProgressReporter(context, console, time);
            using var training = reporter.Start("lora: training", 100);
            // Resumed at step 60 of 100: that jump is not a rate. Then one step a second.
            training.Increment(60);
            for (int i = 0; i < 12; i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                training.Increment();
            }
        });

        var progress = console.Output.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("progress:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["progress: lora: training 65/100 (65%, ETA 35.0s)", "progress: lora: training 70/100 (70%, ETA 30.0s)"], progress);
    }

    [Fact]
    public void A_terminal_keeps_live_bars()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 200;
        console.Progress().AutoClear(false).Start(context =>
        {
            var reporter = new SpectreProgressReporter(context, console);
            using var task = reporter.Start("zero-shot", 10);
            task.Increment(10);
        });

        Assert.DoesNotContain("started:", console.Output);
        Assert.Contains("zero-shot", console.Output);
    }
}
