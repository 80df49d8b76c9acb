using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Commands.Lab;

public class LabTrainCommandTests
{
    [Fact]
    public void Qlora_training_writes_a_peft_adapter_and_resume_continues_from_its_checkpoint()
    {
        using var temp = new TempDirectory();
        var model = temp.File("base");
        var data = temp.File("train.jsonl");
        var output = temp.File("adapter");
        Assert.Equal(0, Program.Run(["lab", "init-random", model, "--layers", "1", "--dim", "32"], new TestConsole()));
        File.WriteAllLines(data, Enumerable.Range(0, 8).Select(i => $$"""{"input": "hello {{i}}", "expected": "yes"}"""));

        var console = new TestConsole { EmitAnsiSequences = false };
        var exit = Program.Run(["lab", "train", model, data, "--method", "qlora", "--out", output, "--rank", "4", "--epochs", "2", "--batch-size", "4", "--lr", "1e-3"], console);

        Assert.Equal(0, exit);
        Assert.Contains("4 steps", console.Output);
        Assert.True(File.Exists(Path.Combine(output, "adapter_model.safetensors")));
        Assert.True(File.Exists(Path.Combine(output, "adapter_config.json")));

        var resumed = new TestConsole { EmitAnsiSequences = false };
        Assert.Equal(0, Program.Run(["lab", "train", model, data, "--method", "qlora", "--out", output, "--rank", "4", "--epochs", "2", "--batch-size", "4", "--lr", "1e-3", "--resume"], resumed));
        Assert.Contains("resumed from step 4", resumed.Output);
    }

    [Fact]
    public void An_unknown_method_is_refused_before_anything_loads()
    {
        var console = new TestConsole();
        Assert.NotEqual(0, Program.Run(["lab", "train", "lab:whatever", "data.jsonl", "--method", "half", "--out", "x"], console));
        Assert.Contains("--method", console.Output);
    }
}
