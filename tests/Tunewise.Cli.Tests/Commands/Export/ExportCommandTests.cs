using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Commands.Export;

public class ExportCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 300;
        int exit = Program.Run(args, console);
        return (exit, console.Output);
    }

    private static void WriteJsonl(string path, params string[] ids) =>
        File.WriteAllLines(path, ids.Select(id => $$"""{"id":"{{id}}","input":"question {{id}}","expected":"answer {{id}}"}"""));

    [Fact]
    public void Writes_a_llama_factory_pack_from_jsonl_files()
    {
        using var dir = new TempDirectory();
        WriteJsonl(dir.File("train.jsonl"), "t1", "t2", "t3");
        WriteJsonl(dir.File("dev.jsonl"), "d1");
        var outDir = dir.File("pack");

        var (exit, output) = Run("export", "llama-factory", "--train", dir.File("train.jsonl"), "--dev", dir.File("dev.jsonl"),
            "--base-model", "Qwen/Qwen2.5-0.5B-Instruct", "--method", "qlora", "--out", outDir);

        Assert.Equal(0, exit);
        Assert.Contains("llamafactory-cli train train.yaml", output);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "train.jsonl")).Length);
        Assert.Contains("answer d1", File.ReadAllText(Path.Combine(outDir, "dev.jsonl")));
        Assert.Contains("template: qwen", File.ReadAllText(Path.Combine(outDir, "train.yaml")));
    }

    [Fact]
    public void Refuses_training_on_frozen_test_ids_with_exit_1()
    {
        using var dir = new TempDirectory();
        WriteJsonl(dir.File("train.jsonl"), "a", "b", "c");
        WriteJsonl(dir.File("test.jsonl"), "b", "z");

        var (exit, output) = Run("export", "axolotl", "--train", dir.File("train.jsonl"), "--test", dir.File("test.jsonl"),
            "--base-model", "meta-llama/Llama-3.1-8B", "--out", dir.File("pack"));

        Assert.Equal(1, exit);
        Assert.Contains("frozen test split", output);
        Assert.Contains("'b'", output);
        Assert.False(Directory.Exists(dir.File("pack")));
    }

    [Fact]
    public void A_malformed_line_names_file_and_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("train.jsonl"), "{\"input\":\"x\",\"expected\":\"y\"}\n{not json}\n");

        var (exit, output) = Run("export", "hf", "--train", dir.File("train.jsonl"), "--base-model", "m", "--out", dir.File("pack"));

        Assert.Equal(1, exit);
        Assert.Contains("train.jsonl:2", output);
    }

    [Fact]
    public void Unknown_pack_exits_1_and_lists_the_packs()
    {
        using var dir = new TempDirectory();
        WriteJsonl(dir.File("train.jsonl"), "a");

        var (exit, output) = Run("export", "deepspeed", "--train", dir.File("train.jsonl"), "--base-model", "m", "--out", dir.File("pack"));

        Assert.Equal(1, exit);
        Assert.Contains("axolotl, llama-factory, torchtune, openai, hf", output);
    }
}
