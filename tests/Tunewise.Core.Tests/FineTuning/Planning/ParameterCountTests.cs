using Tunewise.FineTuning.Planning;

namespace Tunewise.Core.Tests.FineTuning.Planning;

public class ParameterCountTests
{
    // Published totals: the model cards / safetensors metadata of each Hugging Face repository,
    // and by hand from the config (embeddings + layers × (attention + MLP + 2 norms) + final norm + lm_head).
    [Theory]
    [InlineData("llama-2-7b", 6_738_415_616L)]
    [InlineData("llama-2-13b", 13_015_864_320L)]
    [InlineData("llama-2-70b", 68_976_648_192L)]
    [InlineData("llama-3.1-8b", 8_030_261_248L)]
    [InlineData("llama-3.1-70b", 70_553_706_496L)]
    [InlineData("mistral-7b", 7_241_732_096L)]
    [InlineData("tinyllama-1.1b", 1_100_048_384L)]
    [InlineData("qwen2.5-0.5b", 494_032_768L)]
    [InlineData("qwen2.5-1.5b", 1_543_714_304L)]
    [InlineData("qwen2.5-7b", 7_615_616_512L)]
    [InlineData("smollm2-135m", 134_515_008L)]
    [InlineData("smollm2-360m", 361_821_120L)]
    [InlineData("smollm2-1.7b", 1_711_376_384L)]
    public void Catalog_models_have_their_exact_published_parameter_count(string name, long expected)
    {
        Assert.True(ArchitectureCatalog.TryGet(name, out var architecture));
        Assert.Equal(expected, architecture.CountParameters().Total);
    }

    [Fact]
    public void Llama_65b_counts_by_hand()
    {
        // No GQA, SwiGLU 22016, untied 32000-token embeddings: 65.3B.
        long h = 8192;
        long perLayer = 4 * h * h + 3 * h * 22016 + 2 * h;
        long expected = 80 * perLayer + 2 * 32000 * h + h;
        Assert.Equal(expected, ArchitectureCatalog.Resolve("llama-65b").CountParameters().Total);
        Assert.Equal(65_285_660_672L, expected);
    }

    [Fact]
    public void Gpt3_175b_counts_12_d_squared_per_layer_plus_biases_and_embeddings()
    {
        var gpt3 = ArchitectureCatalog.Resolve("gpt-3-175b");
        long d = 12288;
        long perLayer = 12 * d * d + 13 * d; // 4d² attention + 8d² MLP, their biases (4d + 5d), two LayerNorms (4d)
        long expected = 96 * perLayer + 50257 * d + 2048 * d + 2 * d;
        Assert.Equal(expected, gpt3.CountParameters().Total);
        Assert.InRange(gpt3.CountParameters().Total / 1e9, 174, 176);
    }

    [Fact]
    public void Lora_counts_rank_times_in_plus_out_for_each_adapted_matrix()
    {
        var llama = ArchitectureCatalog.Resolve("llama-2-7b");
        // q and v are 4096×4096: 16·(4096+4096) each, 32 layers.
        Assert.Equal(32L * 2 * 16 * 8192, TrainingPlanner.LoraParameters(llama, 16, LoraTarget.QueryValue));

        var llama3 = ArchitectureCatalog.Resolve("llama-3.1-8b");
        // GQA: k and v map 4096 → 1024.
        long perLayer = 8 * ((4096 + 4096) + (4096 + 1024) + (4096 + 1024) + (4096 + 4096) + 3L * (4096 + 14336));
        Assert.Equal(32 * perLayer, TrainingPlanner.LoraParameters(llama3, 8, LoraTarget.AllLinear));
    }

    [Fact]
    public void Lora_targets_parse_short_and_module_names()
    {
        Assert.Equal(LoraTarget.QueryValue, LoraTargets.Parse("q,v"));
        Assert.Equal(LoraTarget.QueryValue, LoraTargets.Parse("q_proj, v_proj"));
        Assert.Equal(LoraTarget.AllLinear, LoraTargets.Parse("all"));
        Assert.Equal(["q_proj", "v_proj"], LoraTargets.ModuleNames(LoraTarget.QueryValue));
        var error = Assert.Throws<UserInputException>(() => LoraTargets.Parse("q,query"));
        Assert.Contains("'query'", error.Message);
    }
}
