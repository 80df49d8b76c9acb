using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Lab;

public class LabWorldCommandTests
{
    [Fact]
    public void Lab_world_writes_the_tiny_world_and_its_manifest()
    {
        using var temp = new TempDirectory();
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 300;
        var dir = temp.File("world");

        var exit = Program.Run(["lab", "world", "--out", dir, "--seed", "7", "--size", "tiny"], console);

        Assert.Equal(0, exit);
        Assert.Contains("seed 7", console.Output);
        Assert.True(File.Exists(Path.Combine(dir, "world-manifest.json")));
        Assert.True(File.Exists(Path.Combine(dir, "behaviour", "test.jsonl")));
        Assert.True(File.Exists(Path.Combine(dir, "pretraining", "corpus.txt")));
    }
}
