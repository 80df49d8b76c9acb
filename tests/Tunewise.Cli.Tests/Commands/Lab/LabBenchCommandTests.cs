using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests.Commands.Lab;

public class LabBenchCommandTests
{
    [Fact]
    public void Quick_bench_prints_every_figure_and_a_verdict_for_each_target()
    {
        using var folder = new Tunewise.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "intents.csv");
        string[] requests = ["what is my balance", "move money to savings", "book a table for two", "what time is it in tokyo", "set an alarm for seven"];
        string[] intents = ["balance", "transfer", "restaurant_reservation", "timezone", "alarm"];
        File.WriteAllLines(data, ["text,label", .. Enumerable.Range(0, 30).Select(i => $"{requests[i % 5]} please {i},{intents[i % 5]}")]);
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 220;

        var exit = Program.Run(["lab", "bench", "--quick", "--data", data, "--model", "lab:tw-small"], console);

        Assert.Equal(0, exit);
        var output = console.Output;
        Assert.Contains("GFLOP/s", output);
        Assert.Contains("MFU", output);
        foreach (var method in new[] { "full", "lora", "qlora" }) Assert.Contains(method, output);
        Assert.Contains("tokens/s with KV cache", output);
        foreach (var target in new[] { "MFU vs matmul rate", "LoRA peak memory vs full", "LoRA trainable parameters", "QLoRA frozen projection bytes", "KV-cache generation speed-up" })
            Assert.Contains(target, output);

        // The realistic workload: matmul on 1 thread and on every core, before and now side by side, and its three targets.
        Assert.Contains("Workload", output);
        Assert.Contains("lab:tw-small", output);
        foreach (var row in new[] { "full fine-tuning tokens/s", "padding in batches", "prefill GFLOP/s", "s per query (p50)", "ended at the end-of-turn token" })
            Assert.Contains(row, output);
        foreach (var target in new[] { "training FLOP/s (6·N per token) vs matmul", "prompt processing FLOP/s vs matmul", "nearest 8-shot seconds per query (p50)" })
            Assert.Contains(target, output);
        Assert.Equal(9, output.Split('\n').Count(line => line.Contains("pass", StringComparison.Ordinal) || line.Contains("fail", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bench_without_data_names_the_missing_file()
    {
        using var folder = new Tunewise.Testing.TempDirectory();
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 220;

        var exit = Program.Run(["lab", "bench", "--quick", "--data", Path.Combine(folder.Path, "missing.csv")], console);

        Assert.NotEqual(0, exit);
        Assert.Contains("missing.csv", console.Output);
    }
}
