using Tunewise.Serialization;
using Tunewise.Lab.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tunewise.Lab.Training;

/// <summary>
/// Trainer state on disk: trainable weights, optimizer moments, step, RNG state and progress so far, and the weights of
/// the best dev evaluation so far (so a resumed run still ends with them).
/// Each checkpoint is a complete folder; the "latest" pointer is replaced by an atomic rename only after
/// the folder is fully written, so a run killed mid-write resumes from the previous checkpoint.
/// </summary>
internal static class TrainingCheckpoint
{
    private const string LatestFile = "latest";
    private const string WeightsFile = "trainable.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";
    private const string BestFile = "best.bin";

    // Before any evaluation the best dev loss is +∞, and epochs without a dev set record NaN.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, TypeInfoResolver = LabJsonContext.Default };

    internal sealed record State(
        int Step,
        List<float> LossCurve,
        List<float> DevLosses,
        float BestDevLoss,
        int EvaluationsWithoutImprovement,
        long TrainedTokens,
        string RngState,
        List<int>? DevLossSteps = null,
        int? BestStep = null,
        TrainingStopReason? StopReason = null,
        double Seconds = 0);

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, LatestFile));

    public static void Save(string directory, State state, IReadOnlyList<(string Name, Parameter Parameter)> trainable, AdamW optimizer,
        IReadOnlyList<Tensor>? best = null)
    {
        Directory.CreateDirectory(directory);
        var name = $"step-{state.Step:D8}";
        var target = Path.Combine(directory, name);
        var staging = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);

        WriteTensors(Path.Combine(staging, WeightsFile), trainable.Select(t => (t.Name, (Tensor)t.Parameter)).ToList());
        if (best is not null)
            WriteTensors(Path.Combine(staging, BestFile), trainable.Select((t, i) => (t.Name, best[i])).ToList());
        using (var writer = new BinaryWriter(File.Create(Path.Combine(staging, OptimizerFile))))
        {
            optimizer.save_state_dict(writer);
        }
        File.WriteAllText(Path.Combine(staging, StateFile), TypedJson.Serialize(state, Json));

        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.Move(staging, target);
        var pointer = Path.Combine(directory, $".{LatestFile}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(pointer, name);
        File.Move(pointer, Path.Combine(directory, LatestFile), overwrite: true);

        foreach (var old in Directory.EnumerateDirectories(directory, "step-*"))
        {
            if (!string.Equals(Path.GetFileName(old), name, StringComparison.Ordinal)) Directory.Delete(old, recursive: true);
        }
    }

    private static void WriteTensors(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(tensors.Count);
        foreach (var (tensorName, value) in tensors)
        {
            writer.Write(tensorName);
            value.detach().Save(writer);
        }
    }

    /// <param name="best">Receives the best evaluation's weights, in the order of <paramref name="trainable"/>, when the checkpoint holds them.</param>
    public static State Load(string directory, IReadOnlyList<(string Name, Parameter Parameter)> trainable, AdamW optimizer, IReadOnlyList<Tensor>? best = null)
    {
        var name = File.ReadAllText(Path.Combine(directory, LatestFile)).Trim();
        var folder = Path.Combine(directory, name);
        ReadTensors(folder, Path.Combine(folder, WeightsFile), trainable.Select(t => (t.Name, (Tensor)t.Parameter)).ToList());
        if (best is not null && File.Exists(Path.Combine(folder, BestFile)))
            ReadTensors(folder, Path.Combine(folder, BestFile), trainable.Select((t, i) => (t.Name, best[i])).ToList());
        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, OptimizerFile))))
        {
            optimizer.load_state_dict(reader);
        }
        var state = TypedJson.Deserialize<State>(File.ReadAllText(Path.Combine(folder, StateFile)), Json)
            ?? throw new InvalidDataException($"Checkpoint state {Path.Combine(folder, StateFile)} is empty.");
        return state with { DevLossSteps = state.DevLossSteps ?? [] };
    }

    private static void ReadTensors(string folder, string path, IReadOnlyList<(string Name, Tensor Tensor)> targets)
    {
        var byName = targets.ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        using (var reader = new BinaryReader(File.OpenRead(path)))
        {
            var count = reader.ReadInt32();
            if (count != byName.Count)
                throw new InvalidDataException($"Checkpoint {folder} holds {count} trainable tensors; this model has {byName.Count}. Was it written for another model or method?");
            for (var i = 0; i < count; i++)
            {
                var parameterName = reader.ReadString();
                if (!byName.TryGetValue(parameterName, out var parameter))
                    throw new InvalidDataException($"Checkpoint {folder} has tensor '{parameterName}', which this model does not train.");
                using (no_grad())
                {
                    parameter.Load(reader);
                }
            }
        }
    }

    public static string EncodeRng()
    {
        using var state = random.get_rng_state();
        return Convert.ToBase64String(state.bytes);
    }

    public static void RestoreRng(string encoded)
    {
        var bytes = Convert.FromBase64String(encoded);
        using var state = tensor(bytes, dtype: ScalarType.Byte);
        random.set_rng_state(state);
    }
}
