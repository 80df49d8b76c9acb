namespace Tunewise.FineTuning.Running;

/// <summary>
/// Finds what an external trainer left in its output folder: a PEFT adapter (<c>adapter_config.json</c> and
/// <c>adapter_model.safetensors</c>) or a full Hugging Face checkpoint (<c>config.json</c> and safetensors weights, sharded
/// or not). The folder itself is looked at first, where trainers save their final model; otherwise the newest model in a
/// subfolder (a trainer's <c>checkpoint-500/</c> or <c>epoch_2/</c>).
/// </summary>
public static class TrainedModelFinder
{
    public const string AdapterConfig = "adapter_config.json";
    public const string AdapterWeights = "adapter_model.safetensors";
    public const string CheckpointConfig = "config.json";

    /// <summary>Files of a checkpoint's tokenizer.</summary>
    public static IReadOnlyList<string> TokenizerFiles { get; } = ["tokenizer.json", "tokenizer_config.json"];

    private const int MaxDepth = 3;

    /// <summary>The model in <paramref name="output"/> or, failing that, the newest one below it; null when there is none.</summary>
    public static TrainedModel? Find(string output)
    {
        if (!Directory.Exists(output))
            return null;
        return FindAt(output) ?? Below(output, 1).OrderByDescending(m => File.GetLastWriteTimeUtc(m.WeightsFile)).FirstOrDefault();
    }

    /// <summary>The model directly in <paramref name="directory"/>, or null.</summary>
    public static TrainedModel? FindAt(string directory)
    {
        if (File.Exists(Path.Combine(directory, AdapterConfig)) && File.Exists(Path.Combine(directory, AdapterWeights)))
            return new TrainedModel(directory, IsAdapter: true, Path.Combine(directory, AdapterWeights));
        if (!File.Exists(Path.Combine(directory, CheckpointConfig)))
            return null;
        var weights = Directory.GetFiles(directory, "*.safetensors");
        var index = Path.Combine(directory, "model.safetensors.index.json");
        if (weights.Length == 0)
            return null;
        return new TrainedModel(directory, IsAdapter: false, File.Exists(index) ? index : weights.OrderByDescending(File.GetLastWriteTimeUtc).First());
    }

    private static IEnumerable<TrainedModel> Below(string directory, int depth)
    {
        if (depth > MaxDepth)
            yield break;
        foreach (var child in Directory.GetDirectories(directory))
        {
            if (FindAt(child) is { } model)
                yield return model;
            foreach (var deeper in Below(child, depth + 1))
                yield return deeper;
        }
    }
}

/// <summary>A model a trainer wrote: its folder, whether it is an adapter, and its weights file (whose time says when it was written).</summary>
public sealed record TrainedModel(string Directory, bool IsAdapter, string WeightsFile);
