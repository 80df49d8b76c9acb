using System.Security.Cryptography;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Lora;

/// <summary>
/// LoRA adapters on disk in PEFT's layout: <c>adapter_model.safetensors</c> with keys such as
/// <c>base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight</c>, and <c>adapter_config.json</c>.
/// </summary>
public static class PeftAdapter
{
    public const string WeightsFile = "adapter_model.safetensors";
    private const string KeyPrefix = "base_model.model.";

    public static string KeyFor(string projection, string matrix) => $"{KeyPrefix}{projection}.{matrix}.weight";

    /// <summary>Writes the adapter's A and B matrices and its config; the base model is not written.</summary>
    public static void Save(LoraAdapter adapter, string directory, string baseModelNameOrPath)
    {
        Directory.CreateDirectory(directory);
        var tensors = adapter.Layers
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .SelectMany(l => new[] { (KeyFor(l.Key, "lora_A"), (Tensor)l.Value.LoraA), (KeyFor(l.Key, "lora_B"), (Tensor)l.Value.LoraB) });
        SafeTensorsWriter.Write(Path.Combine(directory, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var config = new PeftAdapterConfig(adapter.Options, baseModelNameOrPath);
        var temporary = Path.Combine(directory, PeftAdapterConfig.FileName + ".tmp");
        File.WriteAllText(temporary, config.ToJson());
        File.Move(temporary, Path.Combine(directory, PeftAdapterConfig.FileName), overwrite: true);
    }

    /// <summary>Attaches the adapter in <paramref name="directory"/> to <paramref name="model"/> (over NF4 weights when <paramref name="quantizeBase"/>).</summary>
    public static LoraAdapter Load(LlamaModel model, string directory, bool quantizeBase = false) =>
        Load(model, new LlamaLinearLayers(model), directory, quantizeBase);

    /// <inheritdoc cref="Load(LlamaModel, string, bool)"/>
    public static LoraAdapter Load<TModel>(TModel model, string directory, bool quantizeBase = false)
        where TModel : nn.Module, ILinearLayerHost =>
        Load(model, model, directory, quantizeBase);

    /// <summary>SHA-256 over the adapter's weights and config: identifies it in cache keys.</summary>
    public static string Hash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { PeftAdapterConfig.FileName, WeightsFile })
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path)) throw new UserInputException($"'{directory}' is not a LoRA adapter: {file} is missing.");
            hash.AppendData(File.ReadAllBytes(path));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static LoraAdapter Load(nn.Module model, ILinearLayerHost host, string directory, bool quantizeBase)
    {
        var config = PeftAdapterConfig.Load(Path.Combine(directory, PeftAdapterConfig.FileName));
        var weightsPath = Path.Combine(directory, WeightsFile);
        using var file = SafeTensorsFile.Open(weightsPath);
        var adapter = LoraAdapter.Attach(model, host, config.Options, quantizeBase);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, layer) in adapter.Layers)
        {
            foreach (var (matrix, parameter) in new[] { ("lora_A", layer.LoraA), ("lora_B", layer.LoraB) })
            {
                var key = KeyFor(name, matrix);
                expected.Add(key);
                // PEFT versions before 0.7 kept the adapter name in the key.
                var stored = file.Tensors.ContainsKey(key) ? key : key.Replace($".{matrix}.weight", $".{matrix}.default.weight", StringComparison.Ordinal);
                if (!file.Tensors.TryGetValue(stored, out var info))
                    throw new UserInputException($"'{weightsPath}' has no tensor '{key}', which {PeftAdapterConfig.FileName} implies (target '{name}').");
                if (!info.Shape.SequenceEqual(parameter.shape))
                    throw new UserInputException($"'{weightsPath}': tensor '{key}' has shape [{string.Join(", ", info.Shape)}]; this model needs [{string.Join(", ", parameter.shape)}]. Was the adapter trained on another base model?");
                using var value = file.Read(stored);
                using (no_grad()) parameter.copy_(value);
            }
        }
        var unused = file.Tensors.Keys.Where(k => !expected.Contains(k) && !expected.Contains(k.Replace(".default.weight", ".weight", StringComparison.Ordinal))).ToList();
        if (unused.Count > 0)
            throw new UserInputException($"'{weightsPath}' holds tensors this model has no place for, e.g. '{unused[0]}'. Was the adapter trained on another base model?");
        return adapter;
    }
}
