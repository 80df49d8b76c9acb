using Microsoft.Extensions.AI;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Models;
using Tunewise.Lab.Runtime;
using Tunewise.Lab.Tokenization;
using static TorchSharp.torch;

namespace Tunewise.Lab.Chat;

/// <summary>
/// Entry point for lab models: resolves <c>lab:NAME</c> (a built-in model shipped under the app's
/// <c>models/</c> folder) or <c>lab:path/to/checkpoint</c>, and opens it as an <see cref="IChatClient"/>.
/// </summary>
public static class LabModels
{
    public const string Prefix = "lab:";

    /// <summary>The folder of built-in models: <c>AppContext.BaseDirectory/models</c>.</summary>
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Names of the built-in models found beside the app.</summary>
    public static IReadOnlyList<string> BuiltInNames() =>
        Directory.Exists(BuiltInDirectory)
            ? Directory.GetDirectories(BuiltInDirectory).Where(d => File.Exists(Path.Combine(d, LlamaCheckpoint.ConfigFile)))
                .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// As <see cref="ResolveDirectory(string)"/>, with relative checkpoint paths taken from <paramref name="baseDirectory"/>
    /// (a study's folder); built-in names pass through.
    /// </summary>
    public static string ResolveDirectory(string reference, string baseDirectory)
    {
        string name = reference.StartsWith(Prefix, StringComparison.Ordinal) ? reference[Prefix.Length..] : reference;
        bool looksLikePath = name.Contains('/') || name.Contains('\\') || name.StartsWith('.');
        return ResolveDirectory(looksLikePath && !Path.IsPathRooted(name) ? Path.GetFullPath(name, baseDirectory) : name);
    }

    /// <summary>The checkpoint directory for <c>lab:NAME</c>, <c>lab:path</c> or a plain path.</summary>
    public static string ResolveDirectory(string reference)
    {
        string name = reference.StartsWith(Prefix, StringComparison.Ordinal) ? reference[Prefix.Length..] : reference;
        if (name.Length == 0) throw new UserInputException($"'{reference}' names no lab model; use lab:NAME or lab:path/to/checkpoint.");
        bool looksLikePath = name.Contains('/') || name.Contains('\\') || name.StartsWith('.') || Path.IsPathRooted(name);
        if (!looksLikePath)
        {
            string builtIn = Path.Combine(BuiltInDirectory, name);
            if (File.Exists(Path.Combine(builtIn, LlamaCheckpoint.ConfigFile))) return builtIn;
        }
        if (File.Exists(Path.Combine(name, LlamaCheckpoint.ConfigFile)) || File.Exists(Path.Combine(name, Lora.PeftAdapterConfig.FileName)))
            return Path.GetFullPath(name);
        var known = BuiltInNames();
        throw new UserInputException(
            $"Lab model '{reference}' not found: no built-in model of that name, and no checkpoint directory (with config.json) at '{Path.GetFullPath(name)}'. " +
            $"Known built-in models: {(known.Count == 0 ? "none installed" : string.Join(", ", known))}.");
    }

    /// <summary>Loads the checkpoint and its tokenizer and returns a chat client over them.</summary>
    public static IChatClient CreateChatClient(string reference, ScalarType dtype = ScalarType.Float32) =>
        Open(reference, ResolveDirectory(reference), dtype, LabCompute.Default);

    /// <summary>As <see cref="CreateChatClient(string, ScalarType)"/>, with relative checkpoint paths taken from <paramref name="baseDirectory"/>.</summary>
    public static IChatClient CreateChatClient(string reference, string baseDirectory) =>
        CreateChatClient(reference, baseDirectory, LabCompute.Default);

    /// <summary>As <see cref="CreateChatClient(string, string)"/>, on the device and at the dtype of <paramref name="compute"/>.</summary>
    public static IChatClient CreateChatClient(string reference, string baseDirectory, LabCompute compute) =>
        Open(reference, ResolveDirectory(reference, baseDirectory), compute.ScalarType, compute);

    private static LabChatClient Open(string reference, string directory, ScalarType dtype, LabCompute compute)
    {
        var device = compute.ResolveDevice();
        string id = reference.StartsWith(Prefix, StringComparison.Ordinal) ? reference : Prefix + reference;
        var adapterConfig = Path.Combine(directory, Lora.PeftAdapterConfig.FileName);
        if (!File.Exists(Path.Combine(directory, LlamaCheckpoint.ConfigFile)) && File.Exists(adapterConfig))
        {
            // A PEFT adapter directory: its base model (a lab name or a path, relative to the adapter) with the adapter on top.
            var baseReference = Lora.PeftAdapterConfig.Load(adapterConfig).BaseModelNameOrPath;
            if (string.IsNullOrWhiteSpace(baseReference))
                throw new UserInputException($"'{adapterConfig}': field 'base_model_name_or_path' is empty, so the adapter's base model is unknown.");
            var baseDirectory = ResolveDirectory(baseReference, directory);
            var baseModel = LlamaModel.Load(baseDirectory, dtype, device);
            Lora.PeftAdapter.Load(baseModel, directory);
            return new LabChatClient(baseModel, LabTokenizer.Load(baseDirectory), id,
                $"{LlamaCheckpoint.WeightsHash(baseDirectory)}+{Lora.PeftAdapter.Hash(directory)}");
        }
        var tokenizer = LabTokenizer.Load(directory);
        var model = LlamaModel.Load(directory, dtype, device);
        return new LabChatClient(model, tokenizer, id, LlamaCheckpoint.WeightsHash(directory));
    }
}
