using System.Text.Json;
using Tunewise.FineTuning.Export;
using Tunewise.FineTuning.Planning;
using Tunewise.Studies;
using Tunewise.Testing;
using static Tunewise.Core.Tests.FineTuning.Export.PackAssertions;

namespace Tunewise.Core.Tests.FineTuning.Export;

public class ExportPackTests
{
    private static ExportRequest Request(FineTuneMethod method, bool withDev = true, string baseModel = "meta-llama/Llama-3.1-8B-Instruct") => new(
        Examples("train", 6),
        withDev ? Examples("dev", 2) : null,
        Fields,
        new ExportPlan
        {
            BaseModel = baseModel,
            Method = method,
            LoraRank = 8,
            LoraAlpha = 16,
            LoraDropout = 0.1,
            LoraTargets = LoraTarget.AllLinear,
            Epochs = 2,
            LearningRate = 1e-4,
            SequenceLength = 1024,
            DeepSpeedConfig = method == FineTuneMethod.Full ? "ds_z3.json" : null,
        });

    [Fact]
    public async Task Axolotl_qlora_pack_has_config_data_and_command()
    {
        using var dir = new TempDirectory();
        var result = await ExportPacks.Axolotl.WriteAsync(Request(FineTuneMethod.Qlora), dir.Path, CancellationToken.None);

        AssertFilesExist(result);
        var config = ReadYaml(dir.File("config.yml"));
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", config["base_model"]);
        Assert.Equal("qlora", config["adapter"]);
        Assert.Equal("true", config["load_in_4bit"]);
        Assert.Equal("8", config["lora_r"]);
        Assert.Equal("16", config["lora_alpha"]);
        Assert.Equal("0.1", config["lora_dropout"]);
        Assert.Equal(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], List(config["lora_target_modules"]).Cast<string>());
        Assert.Equal("1024", config["sequence_len"]);
        Assert.Equal("2", config["num_epochs"]);
        Assert.Equal("0.0001", config["learning_rate"]);
        Assert.Equal("outputs", config["output_dir"]);
        var train = Map(List(config["datasets"]).Single());
        Assert.Equal("chat_template", train["type"]);
        AssertShipped(result, train["path"]);
        AssertShipped(result, Map(List(config["test_datasets"]).Single())["path"]);
        AssertChatJsonl(dir.File("train.jsonl"), 6);
        AssertChatJsonl(dir.File("dev.jsonl"), 2);
        Assert.Equal("axolotl train config.yml", result.Command);
        Assert.Contains("axolotl train config.yml", File.ReadAllText(dir.File("README.md")));
    }

    [Fact]
    public async Task Axolotl_full_pack_has_no_adapter_and_names_deepspeed()
    {
        using var dir = new TempDirectory();
        await ExportPacks.Axolotl.WriteAsync(Request(FineTuneMethod.Full, withDev: false), dir.Path, CancellationToken.None);

        var config = ReadYaml(dir.File("config.yml"));
        Assert.False(config.ContainsKey("adapter"));
        Assert.Equal("false", config["load_in_4bit"]);
        Assert.Equal("ds_z3.json", config["deepspeed"]);
        Assert.False(File.Exists(dir.File("dev.jsonl")));
    }

    [Fact]
    public async Task Llama_factory_pack_registers_the_jsonl_and_trains_it()
    {
        using var dir = new TempDirectory();
        var result = await ExportPacks.LlamaFactory.WriteAsync(Request(FineTuneMethod.Qlora), dir.Path, CancellationToken.None);

        AssertFilesExist(result);
        using var info = JsonDocument.Parse(File.ReadAllText(dir.File("dataset_info.json")));
        var trainEntry = info.RootElement.GetProperty("tunewise_train");
        Assert.Equal("sharegpt", trainEntry.GetProperty("formatting").GetString());
        Assert.Equal("messages", trainEntry.GetProperty("columns").GetProperty("messages").GetString());
        Assert.Equal("role", trainEntry.GetProperty("tags").GetProperty("role_tag").GetString());
        Assert.Equal("assistant", trainEntry.GetProperty("tags").GetProperty("assistant_tag").GetString());
        AssertShipped(result, trainEntry.GetProperty("file_name").GetString());
        AssertShipped(result, info.RootElement.GetProperty("tunewise_dev").GetProperty("file_name").GetString());

        var config = ReadYaml(dir.File("train.yaml"));
        Assert.Equal("sft", config["stage"]);
        Assert.Equal("lora", config["finetuning_type"]);
        Assert.Equal("4", config["quantization_bit"]);
        Assert.Equal("all", config["lora_target"]);
        Assert.Equal("8", config["lora_rank"]);
        Assert.Equal("tunewise_train", config["dataset"]);
        Assert.Equal("tunewise_dev", config["eval_dataset"]);
        Assert.Equal("llama3", config["template"]);
        Assert.Equal("1024", config["cutoff_len"]);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", config["model_name_or_path"]);
        AssertChatJsonl(dir.File("train.jsonl"), 6);
        Assert.Contains("llamafactory-cli train train.yaml", File.ReadAllText(dir.File("README.md")));
        Assert.Equal("llamafactory-cli train train.yaml", result.Command);
    }

    [Fact]
    public async Task Llama_factory_full_pack_has_no_lora_or_quantization()
    {
        using var dir = new TempDirectory();
        await ExportPacks.LlamaFactory.WriteAsync(Request(FineTuneMethod.Full), dir.Path, CancellationToken.None);

        var config = ReadYaml(dir.File("train.yaml"));
        Assert.Equal("full", config["finetuning_type"]);
        Assert.False(config.ContainsKey("quantization_bit"));
        Assert.False(config.ContainsKey("lora_rank"));
    }

    [Fact]
    public async Task Torchtune_pack_uses_the_lora_recipe_and_a_chat_dataset_over_the_jsonl()
    {
        using var dir = new TempDirectory();
        var result = await ExportPacks.Torchtune.WriteAsync(Request(FineTuneMethod.Qlora), dir.Path, CancellationToken.None);

        AssertFilesExist(result);
        var config = ReadYaml(dir.File("torchtune.yaml"));
        var model = Map(config["model"]);
        Assert.Equal("torchtune.models.llama3_1.qlora_llama3_1_8b", model["_component_"]);
        Assert.Equal(["q_proj", "k_proj", "v_proj", "output_proj"], List(model["lora_attn_modules"]).Cast<string>());
        Assert.Equal("true", model["apply_lora_to_mlp"]);
        Assert.Equal("8", model["lora_rank"]);
        var dataset = Map(config["dataset"]);
        Assert.Equal("torchtune.datasets.chat_dataset", dataset["_component_"]);
        Assert.Equal("openai", dataset["conversation_style"]);
        Assert.Equal("messages", dataset["conversation_column"]);
        AssertShipped(result, dataset["data_files"]);
        AssertShipped(result, Map(config["dataset_val"])["data_files"]);
        Assert.Equal("LLAMA3", Map(config["checkpointer"])["model_type"]);
        // Unquoted, YAML 1.1 loaders (PyYAML) would read the shard count as the integer 4.
        Assert.Matches("max_filename: [\"']00004[\"']", File.ReadAllText(dir.File("torchtune.yaml")));
        Assert.Equal("tune run lora_finetune_single_device --config torchtune.yaml", result.Command);
        Assert.Contains(result.Command, File.ReadAllText(dir.File("README.md")));
    }

    [Fact]
    public async Task Torchtune_full_pack_uses_the_full_recipe()
    {
        using var dir = new TempDirectory();
        var result = await ExportPacks.Torchtune.WriteAsync(Request(FineTuneMethod.Full, baseModel: "mistralai/Mistral-7B-v0.1"), dir.Path, CancellationToken.None);

        var model = Map(ReadYaml(dir.File("torchtune.yaml"))["model"]);
        Assert.Equal("torchtune.models.mistral.mistral_7b", model["_component_"]);
        Assert.Equal("tune run full_finetune_single_device --config torchtune.yaml", result.Command);
    }

    [Fact]
    public async Task Torchtune_refuses_a_model_it_has_no_builder_for_and_names_the_supported_ones()
    {
        using var dir = new TempDirectory();
        var error = await Assert.ThrowsAsync<UserInputException>(() =>
            ExportPacks.Torchtune.WriteAsync(Request(FineTuneMethod.Lora, baseModel: "acme/unknown-3b"), dir.Path, CancellationToken.None));
        Assert.Contains("acme/unknown-3b", error.Message);
        Assert.Contains("meta-llama/Llama-3.1-8B", error.Message);
    }

    [Fact]
    public async Task OpenAi_pack_writes_chat_jsonl_job_and_command()
    {
        using var dir = new TempDirectory();
        var result = await ExportPacks.OpenAi.WriteAsync(Request(FineTuneMethod.Lora, baseModel: "gpt-4o-mini-2024-07-18"), dir.Path, CancellationToken.None);

        AssertFilesExist(result);
        AssertChatJsonl(dir.File("train.jsonl"), 6);
        using var job = JsonDocument.Parse(File.ReadAllText(dir.File("job.json")));
        Assert.Equal("gpt-4o-mini-2024-07-18", job.RootElement.GetProperty("model").GetString());
        AssertShipped(result, job.RootElement.GetProperty("training_file").GetString());
        AssertShipped(result, job.RootElement.GetProperty("validation_file").GetString());
        Assert.Equal(2, job.RootElement.GetProperty("method").GetProperty("supervised").GetProperty("hyperparameters").GetProperty("n_epochs").GetInt32());
        var readme = File.ReadAllText(dir.File("README.md"));
        Assert.Contains("openai api fine_tuning.jobs.create", readme);
        Assert.Contains("https://api.openai.com/v1/fine_tuning/jobs", readme);
        Assert.Contains("fine_tuning.jobs.create", result.Command);
    }

    [Fact]
    public async Task Hugging_face_pack_has_a_dataset_card_mapping_splits_to_files()
    {
        using var dir = new TempDirectory();
        var result = await ExportPacks.HuggingFace.WriteAsync(Request(FineTuneMethod.Lora), dir.Path, CancellationToken.None);

        AssertFilesExist(result);
        var card = File.ReadAllText(dir.File("README.md"));
        Assert.StartsWith("---\n", card);
        var frontMatter = ReadYamlText(card.Split("---\n")[1]);
        var config = Map(List(frontMatter["configs"]).Single());
        var splits = List(config["data_files"]).Select(Map).ToList();
        Assert.Equal(["train", "validation"], splits.Select(s => (string)s["split"]));
        foreach (var split in splits)
        {
            AssertShipped(result, split["path"]);
        }

        AssertChatJsonl(dir.File("dev.jsonl"), 2);
        Assert.Contains("--repo-type dataset", card);
    }

    [Fact]
    public async Task Exporting_frozen_test_examples_is_refused_with_their_ids_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        var outDir = Path.Combine(dir.Path, "pack");
        var request = Request(FineTuneMethod.Lora) with { FrozenTestIds = new HashSet<string> { "train-2", "dev-1", "test-9" } };

        var error = await Assert.ThrowsAsync<UserInputException>(() => ExportPacks.Axolotl.WriteAsync(request, outDir, CancellationToken.None));

        Assert.Contains("'train-2'", error.Message);
        Assert.Contains("'dev-1'", error.Message);
        Assert.DoesNotContain("test-9", error.Message);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task A_missing_field_names_the_file_line_and_field()
    {
        using var dir = new TempDirectory();
        var request = Request(FineTuneMethod.Lora) with { Fields = new ChatFields("text", "answer") };

        var error = await Assert.ThrowsAsync<UserInputException>(() => ExportPacks.HuggingFace.WriteAsync(request, dir.File("pack"), CancellationToken.None));

        Assert.Contains("train.jsonl:1", error.Message);
        Assert.Contains("'answer'", error.Message);
        Assert.False(Directory.Exists(dir.File("pack")));
    }

    [Fact]
    public void Packs_are_found_by_name()
    {
        Assert.Same(ExportPacks.LlamaFactory, ExportPacks.Get("llamafactory"));
        Assert.Equal(["axolotl", "llama-factory", "torchtune", "openai", "hf"], ExportPacks.All.Select(p => p.Name));
        Assert.Throws<UserInputException>(() => ExportPacks.Get("deepspeed"));
    }

    private static Dictionary<string, object> ReadYamlText(string text) =>
        new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);
}
