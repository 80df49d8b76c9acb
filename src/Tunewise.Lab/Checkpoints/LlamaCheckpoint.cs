using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Models;
using static TorchSharp.torch;

namespace Tunewise.Lab.Checkpoints;

/// <summary>
/// A checkpoint directory in Hugging Face layout: <c>config.json</c>, <c>model.safetensors</c> or
/// shards <c>model-0000X-of-0000N.safetensors</c> with <c>model.safetensors.index.json</c>, and the
/// tokenizer files.
/// </summary>
public static class LlamaCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string SingleWeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";
    public const string TokenizerFile = "tokenizer.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>Loads config and weights. Weights are converted to <paramref name="dtype"/> (default float32).</summary>
    public static LlamaModel LoadModel(string directory, ScalarType? dtype = null)
    {
        if (!Directory.Exists(directory)) throw new UserInputException($"Checkpoint directory '{directory}' does not exist.");
        var config = LlamaConfig.Load(Path.Combine(directory, ConfigFile));
        var weightFiles = WeightFileMap(directory);
        var model = new LlamaModel(config, dtype ?? ScalarType.Float32);
        var opened = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        var fused = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var expected = model.state_dict();
            var used = new HashSet<string>(StringComparer.Ordinal);
            using (no_grad())
            {
                foreach (var (name, target) in expected)
                {
                    var slice = FusedProjections.Source(name, config);
                    string stored = slice?.Stored ?? name;
                    long[] storedShape = slice is { } s ? [s.StoredRows, .. target.shape.Skip(1)] : target.shape;
                    if (!fused.TryGetValue(stored, out var source))
                    {
                        if (!weightFiles.TryGetValue(stored, out var file))
                            throw new UserInputException($"Checkpoint '{directory}' has no tensor '{stored}', which the config's architecture needs.");
                        if (!opened.TryGetValue(file, out var safetensors)) opened[file] = safetensors = SafeTensorsFile.Open(Path.Combine(directory, file));
                        if (!safetensors.Tensors.TryGetValue(stored, out var info))
                            throw new UserInputException($"'{safetensors.Path}' has no tensor '{stored}', though the index says it does.");
                        if (!info.Shape.SequenceEqual(storedShape))
                            throw new UserInputException($"'{safetensors.Path}': tensor '{stored}' has shape [{string.Join(", ", info.Shape)}], the config implies [{string.Join(", ", storedShape)}].");
                        source = safetensors.Read(stored);
                        if (slice is null)
                        {
                            using (source) target.copy_(source);
                            used.Add(stored);
                            continue;
                        }
                        fused[stored] = source;
                    }
                    using (var rows = source.narrow(0, slice!.Value.Start, slice.Value.Rows)) target.copy_(rows);
                    used.Add(stored);
                }
            }
            var unexpected = weightFiles.Keys.Where(k => !used.Contains(k) && !IsIgnorable(k, config)).ToList();
            if (unexpected.Count > 0)
                throw new UserInputException($"Checkpoint '{directory}' has tensors this architecture does not use: {string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", …" : "")}.");
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in fused.Values) tensor.Dispose();
            foreach (var file in opened.Values) file.Dispose();
        }
        return model;
    }

    /// <summary>
    /// Writes <c>config.json</c> and the weights in <paramref name="dtype"/> (default: the model's),
    /// sharded with an index when <paramref name="maxShardBytes"/> is exceeded.
    /// </summary>
    public static void SaveModel(LlamaModel model, string directory, ScalarType? dtype = null, long? maxShardBytes = null)
    {
        Directory.CreateDirectory(directory);
        var targetType = dtype ?? model.DType;
        var config = model.Config with { TorchDtype = SafeTensorsDType.TorchName(targetType) };
        config.Save(Path.Combine(directory, ConfigFile));
        foreach (var stale in Directory.GetFiles(directory, "model*.safetensors")) File.Delete(stale);
        File.Delete(Path.Combine(directory, IndexFile));

        var created = new List<Tensor>();
        try
        {
            WriteWeights(directory, FusedProjections.ToStored(model.state_dict().Select(e => (e.Key, e.Value)), config, created), targetType, maxShardBytes);
        }
        finally
        {
            foreach (var tensor in created) tensor.Dispose();
        }
    }

    private static void WriteWeights(string directory, List<(string Name, Tensor Tensor)> entries, ScalarType targetType, long? maxShardBytes)
    {
        long bytesPerElement = targetType is ScalarType.Float32 ? 4 : 2;
        var shards = new List<List<(string Name, Tensor Tensor)>> { new() };
        long current = 0;
        foreach (var (name, tensor) in entries)
        {
            long size = tensor.numel() * bytesPerElement;
            if (maxShardBytes is { } limit && current > 0 && current + size > limit)
            {
                shards.Add([]);
                current = 0;
            }
            shards[^1].Add((name, tensor));
            current += size;
        }
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        if (shards.Count == 1)
        {
            WriteShard(Path.Combine(directory, SingleWeightsFile), shards[0], targetType, metadata);
            return;
        }
        var weightMap = new JsonObject();
        long total = 0;
        for (int i = 0; i < shards.Count; i++)
        {
            string file = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
            WriteShard(Path.Combine(directory, file), shards[i], targetType, metadata);
            foreach (var (name, tensor) in shards[i])
            {
                weightMap[name] = file;
                total += tensor.numel() * bytesPerElement;
            }
        }
        var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
        File.WriteAllText(Path.Combine(directory, IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Tensor name → safetensors file name (relative to the directory).</summary>
    public static IReadOnlyDictionary<string, string> WeightFileMap(string directory)
    {
        string single = Path.Combine(directory, SingleWeightsFile);
        string index = Path.Combine(directory, IndexFile);
        if (File.Exists(index))
        {
            JsonObject map;
            try
            {
                map = JsonNode.Parse(File.ReadAllText(index))?["weight_map"] as JsonObject
                    ?? throw new UserInputException($"'{index}': field 'weight_map' is missing or not an object.");
            }
            catch (JsonException ex)
            {
                throw new UserInputException($"'{index}' is not valid JSON: {ex.Message}", ex);
            }
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, file) in map)
            {
                string fileName = file?.GetValue<string>() ?? throw new UserInputException($"'{index}': weight_map entry '{name}' is not a file name.");
                if (!File.Exists(Path.Combine(directory, fileName)))
                    throw new UserInputException($"'{index}' maps '{name}' to '{fileName}', which does not exist.");
                result[name] = fileName;
            }
            return result;
        }
        if (File.Exists(single))
        {
            using var file = SafeTensorsFile.Open(single);
            return file.Tensors.Keys.ToDictionary(k => k, _ => SingleWeightsFile, StringComparer.Ordinal);
        }
        throw new UserInputException($"Checkpoint '{directory}' has neither {SingleWeightsFile} nor {IndexFile}.");
    }

    /// <summary>SHA-256 over the safetensors files (in name order): identifies the weights for cache keys.</summary>
    public static string WeightsHash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(file);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void WriteShard(string path, List<(string Name, Tensor Tensor)> tensors, ScalarType dtype, IReadOnlyDictionary<string, string> metadata)
    {
        var converted = tensors.Select(t => (t.Name, t.Tensor.detach().to_type(dtype))).ToList();
        try
        {
            SafeTensorsWriter.Write(path, converted, metadata);
        }
        finally
        {
            foreach (var (_, tensor) in converted) tensor.Dispose();
        }
    }

    // Older exports carry the rotary frequency buffer, and tied models sometimes still store lm_head.
    private static bool IsIgnorable(string name, LlamaConfig config) =>
        name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal) || (config.TieWordEmbeddings && name == "lm_head.weight");
}
