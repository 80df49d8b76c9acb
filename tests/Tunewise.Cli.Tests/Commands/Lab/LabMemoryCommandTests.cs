using Spectre.Console.Testing;
using Tunewise.Cli.Commands.Lab;
using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.Cli.Tests.Commands.Lab;

public class LabMemoryCommandTests
{
    [Fact]
    public async Task Planner_is_within_30_percent_of_the_isolated_peak_for_full_lora_and_qlora_on_tw_base()
    {
        // The settings of the measured run in docs/measurements.md, with one step fewer: the peak is reached in the second step's backward pass.
        var settings = new LabMemorySettings { Model = "tw-base", SequenceLength = 256, BatchSize = 8, Rank = 8, Dropout = 0.05, Targets = "all", Steps = 2 };

        var results = await LabMemoryCommand.CompareAsync(settings, CancellationToken.None);

        Assert.Equal([FineTuneMethod.Full, FineTuneMethod.Lora, FineTuneMethod.Qlora], results.Select(r => r.Comparison.Method));
        foreach (var result in results)
        {
            var c = result.Comparison;
            // Each child loaded libtorch before its baseline, so the baseline is well above an empty .NET process.
            Assert.True(result.Reading.BaselineBytes > 50_000_000, $"{c.Method}: baseline {result.Reading.BaselineBytes}");
            Assert.True(c.IsWithin(LabMemoryCommand.Tolerance), $"{c.Method}: planned {c.PlannedBytes:N0} B, measured {c.MeasuredBytes:N0} B, ratio {c.Ratio:F2}");
        }
        // Full trains every weight, LoRA only the adapters.
        Assert.True(results[0].Reading.TrainableParameters > 10 * results[1].Reading.TrainableParameters);
        Assert.Equal(results[1].Reading.TrainableParameters, results[2].Reading.TrainableParameters);
    }

    [Fact]
    public void Prints_planned_measured_and_the_verdict_for_each_method()
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 220;

        var exit = Program.Run(["lab", "memory", "tw-small", "--method", "lora", "--seq", "32", "--batch-size", "2", "--steps", "1"], console);

        Assert.Equal(0, exit);
        Assert.Contains("Each method in its own process", console.Output);
        Assert.Contains("planned ÷ measured", console.Output);
        Assert.Single(console.Output.Split('\n'), line => line.Contains("Lora", StringComparison.Ordinal));
    }

    [Fact]
    public void In_process_measurement_needs_a_single_method()
    {
        var console = new TestConsole();

        var exit = Program.Run(["lab", "memory", "--in-process"], console);

        Assert.NotEqual(0, exit);
        Assert.Contains("--in-process measures one method", console.Output);
    }
}
