using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Commands.Planning;

public class PlanCommandTests
{
    private static (int Exit, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        int exit = Program.Run(args, console);
        return (exit, console.Output);
    }

    [Fact]
    public void Json_output_has_the_documented_shape()
    {
        var (exit, output) = Run("plan", "llama-2-7b", "--method", "qlora", "--rank", "8", "--targets", "all", "--seq", "1024", "--batch", "1", "--checkpointing", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(6_738_415_616L, root.GetProperty("params").GetInt64());
        Assert.Equal(19_988_480L, root.GetProperty("trainable_params").GetInt64());
        Assert.True(root.GetProperty("adapter_bytes").GetInt64() > 2 * 19_988_480L);
        Assert.InRange(root.GetProperty("memory_bytes").GetInt64(), 4e9, 6e9);
        Assert.True(root.GetProperty("flops").GetDouble() > 0);
        var gpus = root.GetProperty("gpus").EnumerateArray().ToList();
        Assert.Contains(gpus, g => g.GetProperty("name").GetString() == "H100-80GB");
        Assert.All(gpus, g =>
        {
            Assert.True(g.GetProperty("fits").GetBoolean()); // 5 GB fits every catalog GPU
            Assert.True(g.GetProperty("hours").GetDouble() > 0);
            Assert.True(g.GetProperty("usd").GetDouble() > 0);
        });
    }

    [Fact]
    public void Full_fine_tuning_of_a_70b_model_does_not_fit_one_gpu_and_is_sharded()
    {
        var (exit, output) = Run("plan", "llama-3.1-70b", "--method", "full", "--seq", "2048", "--batch", "1", "--checkpointing", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var h100 = json.RootElement.GetProperty("gpus").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "H100-80GB");
        Assert.False(h100.GetProperty("fits").GetBoolean());
        // 70.6B × 16 bytes ≈ 1.13 TB of state over 80 GB cards: at least 15 GPUs.
        Assert.InRange(h100.GetProperty("gpu_count").GetInt32(), 15, 20);
    }

    [Fact]
    public void Table_output_shows_memory_gpus_and_sources()
    {
        var (exit, output) = Run("plan", "smollm2-135m", "--method", "lora");

        Assert.Equal(0, exit);
        Assert.Contains("Peak training memory", output);
        Assert.Contains("A100-80GB", output);
        Assert.Contains("Korthikanti", output);
        Assert.Contains("as of", output);
    }

    [Fact]
    public void A_config_json_path_works_as_model()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), """
            { "model_type": "llama", "hidden_size": 576, "intermediate_size": 1536, "num_hidden_layers": 30,
              "num_attention_heads": 9, "num_key_value_heads": 3, "vocab_size": 49152, "tie_word_embeddings": true }
            """);

        var (exit, output) = Run("plan", dir.Path, "--method", "full", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(134_515_008L, json.RootElement.GetProperty("params").GetInt64());
        Assert.Equal(134_515_008L, json.RootElement.GetProperty("trainable_params").GetInt64());
    }

    [Fact]
    public void Unknown_model_exits_1_with_did_you_mean()
    {
        var (exit, output) = Run("plan", "mistral-7", "--method", "lora");

        Assert.Equal(1, exit);
        Assert.Contains("Unknown model 'mistral-7'", output);
        Assert.Contains("Did you mean 'mistral-7b'", output);
    }

    [Fact]
    public void Unknown_method_exits_1()
    {
        var (exit, output) = Run("plan", "llama-2-7b", "--method", "dora");

        Assert.Equal(1, exit);
        Assert.Contains("full, lora or qlora", output);
    }

    [Fact]
    public void Lora_and_qlora_plan_with_checkpointing_unless_told_not_to_and_full_without_unless_asked()
    {
        JsonElement Plan(params string[] extra)
        {
            var (exit, output) = Run(["plan", "llama-3.1-8b", .. extra, "--json"]);
            Assert.Equal(0, exit);
            return JsonDocument.Parse(output).RootElement;
        }

        var qlora = Plan("--method", "qlora");
        var qloraWithout = Plan("--method", "qlora", "--no-checkpointing");
        var full = Plan("--method", "full");

        Assert.True(qlora.GetProperty("checkpointing").GetBoolean());
        Assert.False(qloraWithout.GetProperty("checkpointing").GetBoolean());
        Assert.False(full.GetProperty("checkpointing").GetBoolean());
        Assert.True(Plan("--method", "full", "--checkpointing").GetProperty("checkpointing").GetBoolean());
        // Checkpointing keeps only the layer inputs: the default 8B QLoRA at seq 2048 x batch 8 needs far less than without it.
        Assert.True(qlora.GetProperty("memory_bytes").GetInt64() * 2 < qloraWithout.GetProperty("memory_bytes").GetInt64());
        var (contradiction, message) = Run("plan", "llama-3.1-8b", "--checkpointing", "--no-checkpointing");
        Assert.NotEqual(0, contradiction);
        Assert.Contains("contradict", message, StringComparison.Ordinal);
    }
}
