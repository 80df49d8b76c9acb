using Spectre.Console.Testing;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
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
    public void Raw_generate_on_a_sentencepiece_checkpoint_continues_the_prompt_after_the_tokenizers_bos()
    {
        using var temp = new TempDirectory();
        string model = Path.Combine(temp.Path, "llama2-style");
        Assert.Equal(0, Program.Run(["lab", "init-random", model, "--layers", "1", "--dim", "32", "--seed", "7", "--tokenizer", "sentencepiece"], new TestConsole()));
        Assert.Contains("\"LlamaTokenizer\"", File.ReadAllText(Path.Combine(model, "tokenizer_config.json")));
        const string prompt = "hello world and yes";
        var console = new TestConsole();
        Assert.Equal(0, Program.Run(["lab", "generate", model, "--prompt", prompt, "--raw", "--max-tokens", "8"], console));

        // The same greedy generation in-process, from <s> + the prompt's tokens, as tokenizer(text) gives them.
        var tokenizer = LabTokenizer.Load(model);
        using var llama = LlamaModel.Load(model);
        var generator = new TextGenerator(llama, tokenizer);
        var options = new GenerationOptions { MaxNewTokens = 8 };
        int[] withBos = tokenizer.Encode(prompt, addSpecialTokens: true);
        Assert.Equal([tokenizer.BosId!.Value, .. tokenizer.Encode(prompt)], withBos);
        string expected = generator.Generate(withBos, options).Text;
        string withoutBos = generator.Generate(tokenizer.Encode(prompt), options).Text;
        Assert.NotEqual(withoutBos, expected);
        Assert.Equal((expected + "\n").ReplaceLineEndings("\n"), console.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Init_random_writes_a_sharded_qwen2_checkpoint_that_generates_at_bf16_and_cuda_without_cuda_is_refused()
    {
        using var temp = new TempDirectory();
        string model = Path.Combine(temp.Path, "qwen");
        Assert.Equal(0, Program.Run(["lab", "init-random", model, "--layers", "1", "--dim", "32", "--family", "qwen2", "--shard-bytes", "20000"], new TestConsole()));
        Assert.True(File.Exists(Path.Combine(model, "model.safetensors.index.json")));
        Assert.Contains("\"Qwen2ForCausalLM\"", File.ReadAllText(Path.Combine(model, "config.json")));

        var console = new TestConsole();
        Assert.Equal(0, Program.Run(["lab", "generate", model, "--prompt", "hello", "--max-tokens", "4", "--device", "auto", "--dtype", "bf16"], console));
        Assert.NotEqual("", console.Output.Trim('\n'));

        var refused = new TestConsole();
        Assert.NotEqual(0, Program.Run(["lab", "generate", model, "--prompt", "hello", "--device", "cuda"], refused));
        Assert.Contains("device: cuda", refused.Output);
        var unknown = new TestConsole();
        Assert.NotEqual(0, Program.Run(["lab", "generate", model, "--prompt", "hello", "--dtype", "fp16"], unknown));
        Assert.Contains("--dtype is 'fp16'", unknown.Output);
    }

    [Fact]
    public void Init_random_refuses_an_unknown_tokenizer_kind()
    {
        using var temp = new TempDirectory();
        var console = new TestConsole();
        Assert.NotEqual(0, Program.Run(["lab", "init-random", Path.Combine(temp.Path, "m"), "--tokenizer", "unigram"], console));
        Assert.Contains("unigram", console.Output);
    }

    [Fact]
    public void Generate_with_an_unknown_model_fails_with_exit_code_1()
    {
        var console = new TestConsole();
        Assert.Equal(1, Program.Run(["lab", "generate", "lab:no-such-model", "--prompt", "hi"], console));
        Assert.Contains("not found", console.Output);
    }
}
