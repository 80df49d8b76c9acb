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
            LabModels.CreateChatClient(reference.Model, context.BaseDirectory, LabCompute.Parse(reference.Device, reference.DType, "model option ")))
        .RegisterContextWindow(LlamaCppProvider.Name, static (reference, context) =>
            LlamaCppProvider.OpenContextWindow(reference.Model, baseDirectory: context.BaseDirectory))
        .RegisterContextWindow("lab", static (reference, context) =>
            LabContextWindow.Open(reference.Model, context.BaseDirectory));

    /// <summary>
    /// Each study model's context window, opened once per model (the study's context_window, a lab checkpoint's files, a GGUF file, or the catalog);
    /// null when unknown.
    /// </summary>
    public static Func<Tunewise.Studies.ModelSpec, IModelContextWindow?> ContextWindows(ModelProviderRegistry registry, ModelContext context)
    {
        var opened = new Dictionary<string, IModelContextWindow?>(StringComparer.Ordinal);
        return spec =>
        {
            lock (opened)
            {
                // Two study models may name the same model with different declared windows.
                var key = spec.Reference + "#" + spec.ContextWindow;
                if (!opened.TryGetValue(key, out var window))
                    opened[key] = window = DeclaredContextWindow.Apply(spec.ContextWindow, registry.ContextWindowOf(Tunewise.Models.StudyModels.ToReference(spec), context));
                return window;
            }
        };
    }
}
