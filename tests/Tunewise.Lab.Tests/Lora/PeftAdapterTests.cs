using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tests.Support;
using Tunewise.Testing;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Lora;

public class PeftAdapterTests : TorchTest
{
    private static readonly Tensor Prompt = tensor(new long[] { 1, 17, 42, 99, 7, 250 }, [1, 6]);

    private static LoraAdapter TrainedLookingAdapter(LlamaModel model, bool quantize = false)
    {
        var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 4, Alpha = 8, TargetModules = ["q_proj", "v_proj", "down_proj"] }, quantize);
        manual_seed(21);
        using (no_grad())
        {
            foreach (var layer in adapter.Layers.Values) layer.LoraB.normal_(0, 0.05);
        }
        model.eval();
        return adapter;
    }

    [Fact]
    public void Saved_adapter_uses_peft_key_names_and_config_fields()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Create();
        var adapter = TrainedLookingAdapter(model);
        PeftAdapter.Save(adapter, directory.Path, "lab:tw-base");

        using (var file = SafeTensorsFile.Open(directory.File("adapter_model.safetensors")))
        {
            Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", file.Tensors.Keys);
            Assert.Contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight", file.Tensors.Keys);
            Assert.Equal(2 * 3 * 2, file.Tensors.Count);
            Assert.Equal([4L, 32], file.Tensors["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"].Shape);
        }
        var config = JsonNode.Parse(File.ReadAllText(directory.File("adapter_config.json")))!.AsObject();
        Assert.Equal("LORA", (string?)config["peft_type"]);
        Assert.Equal("CAUSAL_LM", (string?)config["task_type"]);
        Assert.Equal(4, (int)config["r"]!);
        Assert.Equal(8, (double)config["lora_alpha"]!);
        Assert.Equal("none", (string?)config["bias"]);
        Assert.False((bool)config["fan_in_fan_out"]!);
        Assert.Equal("lab:tw-base", (string?)config["base_model_name_or_path"]);
        Assert.Equal(["q_proj", "v_proj", "down_proj"], config["target_modules"]!.AsArray().Select(n => (string)n!));
        Assert.NotNull(config["inference_mode"]);
        Assert.NotNull(config["lora_dropout"]);
    }

    [Fact]
    public void A_loaded_adapter_reproduces_the_saved_models_outputs()
    {
        using var directory = new TempDirectory();
        Tensor expected;
        using (var model = TinyModels.Create())
        {
            var adapter = TrainedLookingAdapter(model);
            expected = model.call(Prompt).detach().clone();
            PeftAdapter.Save(adapter, directory.Path, "tiny");
        }
        using var fresh = TinyModels.Create();
        using var baseline = fresh.call(Prompt).detach().clone();
        PeftAdapter.Load(fresh, directory.Path);
        fresh.eval();
        using var actual = fresh.call(Prompt);
        Assert.True((actual - expected).abs().max().item<float>() < 1e-5f);
        Assert.True((baseline - expected).abs().max().item<float>() > 1e-3f, "the adapter should change the outputs");
        expected.Dispose();
    }

    [Fact]
    public void Adapter_hash_changes_when_the_weights_change()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        using var model = TinyModels.Create();
        var adapter = TrainedLookingAdapter(model);
        PeftAdapter.Save(adapter, first.Path, "tiny");
        var hash = PeftAdapter.Hash(first.Path);
        Assert.Equal(hash, PeftAdapter.Hash(first.Path));
        using (no_grad()) adapter.Layers.Values.First().LoraB.add_(0.01);
        PeftAdapter.Save(adapter, second.Path, "tiny");
        Assert.NotEqual(hash, PeftAdapter.Hash(second.Path));
    }

    /// <summary>adapter_config.json as PEFT 0.13 writes it, keys sorted, every field present.</summary>
    private const string PeftWrittenConfig = """
        {"alpha_pattern": {}, "auto_mapping": null, "base_model_name_or_path": "meta-llama/Llama-3.2-1B", "bias": "none", "eva_config": null,
         "exclude_modules": null, "fan_in_fan_out": false, "inference_mode": true, "init_lora_weights": true, "layer_replication": null,
         "layers_pattern": null, "layers_to_transform": null, "loftq_config": {}, "lora_alpha": 6, "lora_bias": false, "lora_dropout": 0.05,
         "megatron_config": null, "megatron_core": "megatron.core", "modules_to_save": null, "peft_type": "LORA", "r": 2, "rank_pattern": {},
         "revision": null, "target_modules": ["down_proj", "q_proj"], "task_type": "CAUSAL_LM", "use_dora": false, "use_rslora": false}
        """;

    [Fact]
    public void A_hand_written_bf16_peft_adapter_gives_the_outputs_of_its_weights_merged_by_hand()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("adapter_config.json"), PeftWrittenConfig);
        const int rank = 2;
        const double scaling = 6.0 / rank;
        using var reference = TinyModels.Create();
        var weights = reference.state_dict();
        var tensors = new List<(string, Tensor)>();
        manual_seed(11);
        for (var layer = 0; layer < TinyModels.Config().NumHiddenLayers; layer++)
        {
            foreach (var projection in new[] { $"model.layers.{layer}.self_attn.q_proj", $"model.layers.{layer}.mlp.down_proj" })
            {
                var w = weights[projection + ".weight"];
                // What PEFT saves from a bf16 run; the reference merges the same rounded values: W + (alpha / r) B A.
                var a = (randn(rank, w.shape[1]) * 0.2).to(ScalarType.BFloat16);
                var b = (randn(w.shape[0], rank) * 0.2).to(ScalarType.BFloat16);
                tensors.Add(($"base_model.model.{projection}.lora_A.weight", a));
                tensors.Add(($"base_model.model.{projection}.lora_B.weight", b));
                using (no_grad()) w.add_(matmul(b.to(ScalarType.Float32), a.to(ScalarType.Float32)) * scaling);
            }
        }
        SafeTensorsWriter.Write(directory.File("adapter_model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        using var expected = reference.call(Prompt).detach().clone();

        using var model = TinyModels.Create();
        using var baseline = model.call(Prompt).detach().clone();
        var adapter = PeftAdapter.Load(model, directory.Path);
        model.eval();
        using var actual = model.call(Prompt);

        Assert.Equal(2, adapter.Options.Rank);
        Assert.Equal(6, adapter.Options.Alpha);
        Assert.True((actual - expected).abs().max().item<float>() < 1e-4f);
        Assert.True((baseline - expected).abs().max().item<float>() > 1e-2f, "the adapter should change the outputs");
        // Saved again here, it is the same adapter: the same PEFT names, and the outputs come back.
        PeftAdapter.Save(adapter, directory.File("again"), "meta-llama/Llama-3.2-1B");
        using (var file = SafeTensorsFile.Open(directory.File("again/adapter_model.safetensors")))
            Assert.Equal(tensors.Select(t => t.Item1).Order(StringComparer.Ordinal), file.Tensors.Keys.Order(StringComparer.Ordinal));
        using var fresh = TinyModels.Create();
        PeftAdapter.Load(fresh, directory.File("again"));
        fresh.eval();
        using var reloaded = fresh.call(Prompt);
        Assert.True((reloaded - expected).abs().max().item<float>() < 1e-4f);
    }

    [Theory]
    [InlineData("modules_to_save", "[\"lm_head\"]")]
    [InlineData("layers_to_transform", "[0]")]
    [InlineData("exclude_modules", "[\"model.layers.1.mlp.down_proj\"]")]
    [InlineData("lora_bias", "true")]
    public void Peft_fields_that_change_which_weights_an_adapter_covers_are_refused_naming_the_field(string field, string value)
    {
        using var directory = new TempDirectory();
        var path = directory.File("adapter_config.json");
        var config = JsonNode.Parse(PeftWrittenConfig)!.AsObject();
        config[field] = JsonNode.Parse(value);
        File.WriteAllText(path, config.ToJsonString());

        var error = Assert.Throws<UserInputException>(() => PeftAdapterConfig.Load(path));

        Assert.Contains($"field '{field}'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_peft_adapter_on_phi3s_fused_modules_is_refused_naming_the_module()
    {
        using var directory = new TempDirectory();
        var path = directory.File("adapter_config.json");
        var config = JsonNode.Parse(PeftWrittenConfig)!.AsObject();
        config["target_modules"] = new JsonArray("qkv_proj", "o_proj", "gate_up_proj", "down_proj");
        File.WriteAllText(path, config.ToJsonString());

        var error = Assert.Throws<UserInputException>(() => PeftAdapterConfig.Load(path));

        Assert.Contains("'qkv_proj'", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void An_adapter_for_another_base_model_is_refused_with_the_tensor_named()
    {
        using var directory = new TempDirectory();
        using (var model = TinyModels.Create())
        {
            PeftAdapter.Save(TrainedLookingAdapter(model), directory.Path, "tiny");
        }
        using var wider = new LlamaModel(TinyModels.Config() with { HiddenSize = 64 });
        var error = Assert.Throws<UserInputException>(() => PeftAdapter.Load(wider, directory.Path));
        Assert.Contains("adapter_model.safetensors", error.Message);
        Assert.Contains("lora_A.weight", error.Message);
    }

    [Fact]
    public void Unsupported_peft_features_are_refused_naming_the_field()
    {
        using var directory = new TempDirectory();
        using (var model = TinyModels.Create())
        {
            PeftAdapter.Save(TrainedLookingAdapter(model), directory.Path, "tiny");
        }
        var path = directory.File("adapter_config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        config["use_dora"] = true;
        File.WriteAllText(path, config.ToJsonString());
        var error = Assert.Throws<UserInputException>(() => PeftAdapterConfig.Load(path));
        Assert.Contains("use_dora", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_qlora_adapter_merged_into_the_base_saves_as_a_full_checkpoint_that_loads_alone()
    {
        using var directory = new TempDirectory();
        using var model = TinyModels.Create();
        var adapter = TrainedLookingAdapter(model, quantize: true);
        using var adapted = model.call(Prompt).detach().clone();

        adapter.MergeIntoBase();
        model.Save(directory.Path);
        using var loaded = LlamaModel.Load(directory.Path);
        loaded.eval();
        using var actual = loaded.call(Prompt);
        Assert.True((actual - adapted).abs().max().item<float>() < 1e-4f);
        Assert.False(File.Exists(directory.File("adapter_config.json")));
    }

    [Fact]
    public void Lora_on_a_realistic_llama_config_trains_under_two_percent_of_its_parameters()
    {
        var config = TinyModels.Config() with
        {
            HiddenSize = 256, IntermediateSize = 688, NumHiddenLayers = 4, NumAttentionHeads = 8, NumKeyValueHeads = 4, VocabSize = 2048,
        };
        using var model = new LlamaModel(config);
        var total = model.parameters().Sum(p => p.numel());
        var adapter = LoraAdapter.Attach(model, new LoraOptions { Rank = 8 });
        Assert.True(adapter.TrainableParameterCount <= 0.02 * total, $"{adapter.TrainableParameterCount} of {total}");
        Assert.Equal(adapter.TrainableParameterCount, model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }
}
