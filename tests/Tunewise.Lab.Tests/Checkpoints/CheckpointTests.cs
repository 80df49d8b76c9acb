using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Models;
using Tunewise.Testing;
using static TorchSharp.torch;

namespace Tunewise.Lab.Tests.Checkpoints;

public class CheckpointTests
{
    /// <summary>Tensor names and shapes spelled out by hand, as Hugging Face writes a Llama checkpoint.</summary>
    private static List<(string Name, long[] Shape)> HuggingFaceLayout(LlamaConfig c)
    {
        var list = new List<(string, long[])> { ("model.embed_tokens.weight", [c.VocabSize, c.HiddenSize]) };
        long kv = c.NumKeyValueHeads * c.HeadDim;
        for (int i = 0; i < c.NumHiddenLayers; i++)
        {
            list.Add(($"model.layers.{i}.self_attn.q_proj.weight", [c.NumAttentionHeads * c.HeadDim, c.HiddenSize]));
            list.Add(($"model.layers.{i}.self_attn.k_proj.weight", [kv, c.HiddenSize]));
            list.Add(($"model.layers.{i}.self_attn.v_proj.weight", [kv, c.HiddenSize]));
            list.Add(($"model.layers.{i}.self_attn.o_proj.weight", [c.HiddenSize, c.NumAttentionHeads * c.HeadDim]));
            list.Add(($"model.layers.{i}.mlp.gate_proj.weight", [c.IntermediateSize, c.HiddenSize]));
            list.Add(($"model.layers.{i}.mlp.up_proj.weight", [c.IntermediateSize, c.HiddenSize]));
            list.Add(($"model.layers.{i}.mlp.down_proj.weight", [c.HiddenSize, c.IntermediateSize]));
            list.Add(($"model.layers.{i}.input_layernorm.weight", [c.HiddenSize]));
            list.Add(($"model.layers.{i}.post_attention_layernorm.weight", [c.HiddenSize]));
        }
        list.Add(("model.norm.weight", [c.HiddenSize]));
        if (!c.TieWordEmbeddings) list.Add(("lm_head.weight", [c.VocabSize, c.HiddenSize]));
        return list;
    }

    [Theory]
    [InlineData("F32", false)]
    [InlineData("BF16", true)]
    [InlineData("F16", true)]
    public void A_hand_written_hugging_face_checkpoint_loads_with_every_tensor_in_place(string dtypeName, bool sharded)
    {
        SafeTensorsDType.TryParse(dtypeName, out var dtype, out _);
        using var temp = new TempDirectory();
        var config = TinyModels.Config();
        config.Save(temp.File("config.json"));
        manual_seed(3);
        var tensors = HuggingFaceLayout(config).Select(e => (e.Name, randn(e.Shape).to_type(dtype))).ToList();
        if (sharded)
        {
            var map = new JsonObject();
            int half = tensors.Count / 2;
            SafeTensorsWriter.Write(temp.File("model-00001-of-00002.safetensors"), tensors.Take(half));
            SafeTensorsWriter.Write(temp.File("model-00002-of-00002.safetensors"), tensors.Skip(half), new Dictionary<string, string> { ["format"] = "pt" });
            for (int i = 0; i < tensors.Count; i++) map[tensors[i].Name] = i < half ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            File.WriteAllText(temp.File("model.safetensors.index.json"), new JsonObject { ["metadata"] = new JsonObject(), ["weight_map"] = map }.ToJsonString());
        }
        else
        {
            SafeTensorsWriter.Write(temp.File("model.safetensors"), tensors);
        }

        using var model = LlamaModel.Load(temp.Path);
        var loaded = model.state_dict();
        Assert.Equal(tensors.Count, loaded.Count);
        foreach (var (name, expected) in tensors)
        {
            Assert.True(loaded[name].to_type(ScalarType.Float32).allclose(expected.to_type(ScalarType.Float32), 0, 0), $"tensor {name} differs");
        }

        // Round trip: save in the same dtype, sharded or not, and read the files back.
        string again = Path.Combine(temp.Path, "again");
        model.Save(again, dtype, maxShardBytes: sharded ? 20_000 : null);
        Assert.Equal(sharded, File.Exists(Path.Combine(again, "model.safetensors.index.json")));
        var files = LlamaCheckpoint.WeightFileMap(again);
        foreach (var (name, expected) in tensors)
        {
            using var file = SafeTensorsFile.Open(Path.Combine(again, files[name]));
            Assert.Equal(dtypeName, file.Tensors[name].DTypeName);
            Assert.True(file.Read(name).allclose(expected, 0, 0), $"tensor {name} differs after the round trip");
        }
        Assert.Equal(SafeTensorsDType.TorchName(dtype), JsonNode.Parse(File.ReadAllText(Path.Combine(again, "config.json")))!["torch_dtype"]!.GetValue<string>());
    }

    [Fact]
    public void A_checkpoint_missing_a_tensor_names_it()
    {
        using var temp = new TempDirectory();
        var config = TinyModels.Config();
        config.Save(temp.File("config.json"));
        var tensors = HuggingFaceLayout(config).Where(e => e.Name != "model.norm.weight").Select(e => (e.Name, zeros(e.Shape))).ToList();
        SafeTensorsWriter.Write(temp.File("model.safetensors"), tensors);
        var error = Assert.Throws<UserInputException>(() => LlamaModel.Load(temp.Path));
        Assert.Contains("model.norm.weight", error.Message);
    }

    [Fact]
    public void A_corrupt_safetensors_header_is_reported_with_the_file()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("model.safetensors"), [255, 255, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
        var error = Assert.Throws<UserInputException>(() => SafeTensorsFile.Open(temp.File("model.safetensors")));
        Assert.Contains("model.safetensors", error.Message);
    }

    [Fact]
    public void Config_errors_name_the_field()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("config.json"), """{"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": "many"}""");
        var error = Assert.Throws<UserInputException>(() => LlamaConfig.Load(temp.File("config.json")));
        Assert.Contains("vocab_size", error.Message);
        File.WriteAllText(temp.File("config.json"), """{"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 10}""");
        error = Assert.Throws<UserInputException>(() => LlamaConfig.Load(temp.File("config.json")));
        Assert.Contains("intermediate_size", error.Message);
        File.WriteAllText(temp.File("config.json"), """{"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 3, "vocab_size": 10}""");
        error = Assert.Throws<UserInputException>(() => LlamaConfig.Load(temp.File("config.json")));
        Assert.Contains("num_key_value_heads", error.Message);
    }
}
