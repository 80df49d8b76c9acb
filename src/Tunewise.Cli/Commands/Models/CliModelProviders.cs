using Tunewise.Lab.Chat;
using Tunewise.Lab.Runtime;
using Tunewise.LlamaCpp;
using Tunewise.Models;

namespace Tunewise.Cli.Commands.Models;

/// <summary>
/// The providers the CLI knows: Core's HTTP providers plus the in-process engines the CLI ships.
/// Engines are created lazily, so a study that never names <c>gguf:</c> or <c>lab:</c> never loads
/// llama.cpp or TorchSharp.
/// </summary>
public static class CliModelProviders
{
    public static ModelProviderRegistry CreateRegistry() => ModelProviderRegistry.CreateDefault()
        .Register(LlamaCppProvider.Name, static (reference, context) =>
            LlamaCppProvider.CreateGgufChatClient(reference.Model, baseDirectory: context.BaseDirectory))
        .Register("lab", static (reference, context) =>
            LabModels.CreateChatClient(reference.Model, context.BaseDirectory, LabCompute.Parse(reference.Device, reference.DType, "model option ")));
}
