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
    public void A_sequence_over_max_length_is_refused_naming_file_line_and_lengths_unless_cut_is_asked_for()
    {
        using var temp = new TempDirectory();
        var model = temp.File("base");
        var data = temp.File("train.jsonl");
        Assert.Equal(0, Program.Run(["lab", "init-random", model, "--layers", "1", "--dim", "32"], new TestConsole()));
        var lines = Enumerable.Range(0, 6).Select(i => $$"""{"input": "hello {{i}}", "expected": "yes"}""").ToList();
        // Line 4 (after a blank line 3) is far past 40 tokens; the others fit.
        lines.Insert(2, "");
        lines.Insert(3, $$"""{"input": "{{string.Join(' ', Enumerable.Repeat("longword", 60))}}", "expected": "yes"}""");
        File.WriteAllLines(data, lines);

        var refused = new TestConsole { EmitAnsiSequences = false };
        refused.Profile.Width = 400;
        var exit = Program.Run(["lab", "train", model, data, "--method", "full", "--out", temp.File("refused"), "--epochs", "1", "--max-length", "40"], refused);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        var output = refused.Output.ReplaceLineEndings(" ");
        Assert.Contains("1 of 7 training sequences", output);
        Assert.Contains("train.jsonl:4: the sequence is ", output);
        Assert.Matches(@"train\.jsonl:4: the sequence is (\d+) tokens \(prompt \d+, answer \d+\), longer than the limit of 40", output);
        Assert.DoesNotContain("train.jsonl:1:", output);
        Assert.False(Directory.Exists(Path.Combine(temp.File("refused"), "checkpoints")));

        var cut = new TestConsole { EmitAnsiSequences = false };
        Assert.Equal(0, Program.Run(["lab", "train", model, data, "--method", "full", "--out", temp.File("cut"), "--epochs", "1", "--max-length", "40", "--too-long", "cut"], cut));
        Assert.Contains("wrote checkpoint", cut.Output);
    }

    [Fact]
    public void An_unknown_too_long_policy_is_refused()
    {
        var console = new TestConsole();
        Assert.NotEqual(0, Program.Run(["lab", "train", "lab:whatever", "data.jsonl", "--out", "x", "--too-long", "wrap"], console));
        Assert.Contains("--too-long must be refuse or cut", console.Output);
    }

    [Fact]
    public void An_unknown_method_is_refused_before_anything_loads()
    {
        var console = new TestConsole();
        Assert.NotEqual(0, Program.Run(["lab", "train", "lab:whatever", "data.jsonl", "--method", "half", "--out", "x"], console));
        Assert.Contains("--method", console.Output);
    }
}
