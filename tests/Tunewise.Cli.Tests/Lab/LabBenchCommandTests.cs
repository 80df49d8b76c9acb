using Spectre.Console.Testing;

namespace Tunewise.Cli.Tests.Lab;

public class LabBenchCommandTests
{
    [Fact]
    public void Quick_bench_prints_every_figure_and_a_verdict_for_each_target()
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 200;

        var exit = Program.Run(["lab", "bench", "--quick"], console);

        Assert.Equal(0, exit);
        var output = console.Output;
        Assert.Contains("GFLOP/s", output);
        Assert.Contains("MFU", output);
        foreach (var method in new[] { "full", "lora", "qlora" }) Assert.Contains(method, output);
        Assert.Contains("tokens/s with KV cache", output);
        foreach (var target in new[] { "MFU vs matmul rate", "LoRA peak memory vs full", "LoRA trainable parameters", "QLoRA frozen projection bytes", "KV-cache generation speed-up" })
            Assert.Contains(target, output);
        Assert.Equal(5, output.Split('\n').Count(line => line.Contains("pass", StringComparison.Ordinal) || line.Contains("fail", StringComparison.Ordinal)));
    }
}
