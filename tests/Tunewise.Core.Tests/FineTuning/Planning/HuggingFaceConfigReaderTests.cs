using Tunewise.FineTuning.Planning;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.FineTuning.Planning;

public class HuggingFaceConfigReaderTests
{
    private const string Qwen05Config = """
        {
          "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
          "hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24,
          "num_attention_heads": 14, "num_key_value_heads": 2, "vocab_size": 151936,
          "tie_word_embeddings": true, "torch_dtype": "bfloat16"
        }
        """;

    [Fact]
    public void Reads_a_config_file_or_its_directory_and_counts_like_the_catalog()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), Qwen05Config);

        var fromFile = HuggingFaceConfigReader.Read(dir.File("config.json"));
        var fromDir = ArchitectureCatalog.Resolve(dir.Path);

        Assert.Equal(494_032_768L, fromFile.CountParameters().Total);
        Assert.Equal(fromFile.CountParameters(), fromDir.CountParameters());
        Assert.True(fromFile.AttentionBias); // Qwen2 has q/k/v biases though its config does not say so
        Assert.Equal(64, fromFile.HeadDim);
    }

    [Fact]
    public void A_missing_field_names_the_file_and_the_field()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        File.WriteAllText(path, """{ "hidden_size": 896, "num_attention_heads": 14, "num_hidden_layers": 24, "vocab_size": 1000 }""");

        var error = Assert.Throws<UserInputException>(() => HuggingFaceConfigReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("'intermediate_size'", error.Message);
    }

    [Fact]
    public void A_wrongly_typed_field_says_what_was_expected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        File.WriteAllText(path, """{ "hidden_size": "896", "intermediate_size": 10, "num_attention_heads": 14, "num_hidden_layers": 24, "vocab_size": 1000 }""");

        var error = Assert.Throws<UserInputException>(() => HuggingFaceConfigReader.Read(path));
        Assert.Contains("'hidden_size'", error.Message);
        Assert.Contains("integer", error.Message);
    }

    [Fact]
    public void Broken_json_names_the_file_and_line()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        File.WriteAllText(path, "{\n  \"hidden_size\": 896,\n  oops\n}");

        var error = Assert.Throws<UserInputException>(() => HuggingFaceConfigReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Unknown_model_name_suggests_the_closest_catalog_entry()
    {
        var error = Assert.Throws<UserInputException>(() => ArchitectureCatalog.Resolve("lama-2-7b"));
        Assert.Contains("Did you mean 'llama-2-7b'", error.Message);
    }

    [Fact]
    public void Hugging_face_ids_resolve_to_catalog_entries()
    {
        var model = ArchitectureCatalog.Resolve("meta-llama/Llama-3.1-8B");
        Assert.Equal("llama-3.1-8b", model.Name);
    }
}
