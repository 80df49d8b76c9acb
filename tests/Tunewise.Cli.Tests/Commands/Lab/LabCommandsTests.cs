using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Commands.Lab;

public class LabCommandsTests
{
    [Fact]
    public void Init_random_then_generate_prints_the_same_greedy_text_twice()
    {
        using var temp = new TempDirectory();
        string model = Path.Combine(temp.Path, "tiny");
        var init = new TestConsole();
        Assert.Equal(0, Program.Run(["lab", "init-random", model, "--layers", "1", "--dim", "32"], init));
        Assert.True(File.Exists(Path.Combine(model, "model.safetensors")));

        string Generate(params string[] extra)
        {
            var console = new TestConsole();
            Assert.Equal(0, Program.Run(["lab", "generate", "lab:" + model, "--prompt", "hello world", "--max-tokens", "6", .. extra], console));
            return console.Output;
        }
        var greedy = Generate();
        Assert.Equal(greedy, Generate());
        Assert.NotEqual("", greedy.Trim('\n'));
        Assert.Equal(Generate("--raw", "--temperature", "0.9", "--seed", "4"), Generate("--raw", "--temperature", "0.9", "--seed", "4"));
    }

    [Fact]
    public void Generate_with_an_unknown_model_fails_with_exit_code_1()
    {
        var console = new TestConsole();
        Assert.Equal(1, Program.Run(["lab", "generate", "lab:no-such-model", "--prompt", "hi"], console));
        Assert.Contains("not found", console.Output);
    }
}
