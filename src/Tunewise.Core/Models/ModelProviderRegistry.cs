using Microsoft.Extensions.AI;
using Tunewise.Models.Providers;
using Tunewise.Models.Providers.Anthropic;
using Tunewise.Models.Providers.Ollama;

namespace Tunewise.Models;

/// <summary>
/// Maps provider names (<c>openai</c>, <c>anthropic</c>, <c>ollama</c>, …) to factories. Built-in and
/// user-supplied providers register the same way, so a custom <see cref="IChatClient"/> is a
/// first-class provider.
/// </summary>
public sealed class ModelProviderRegistry
{
    private readonly Dictionary<string, ChatClientFactory> _factories = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ContextWindowFactory> _windows = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A registry with the HTTP providers built into Core: <c>openai</c>, <c>openai-compatible</c>,
    /// <c>anthropic</c> and <c>ollama</c>. In-process engines (<c>gguf</c>, <c>lab</c>) live in their
    /// own assemblies and register themselves where they are referenced.
    /// </summary>
    public static ModelProviderRegistry CreateDefault() => new ModelProviderRegistry()
        .Register(OpenAIProvider.OpenAIName, OpenAIProvider.CreateOpenAI)
        .Register(OpenAIProvider.CompatibleName, OpenAIProvider.CreateCompatible)
        .Register(AnthropicProvider.Name, static (reference, context) =>
            AnthropicProvider.CreateAnthropicChatClient(
                reference.Model,
                context.ReadApiKey(reference, AnthropicProvider.StandardKeyVariable, required: true)!,
                reference.BaseUrl is null ? null : new Uri(reference.BaseUrl),
                context.HttpClient))
        .Register(OllamaProvider.Name, static (reference, context) =>
            OllamaProvider.CreateOllamaChatClient(
                reference.Model,
                reference.BaseUrl is null ? null : new Uri(reference.BaseUrl),
                context.HttpClient));

    public IReadOnlyList<string> Providers => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds or replaces the factory for <paramref name="provider"/>.</summary>
    public ModelProviderRegistry Register(string provider, ChatClientFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[provider.Trim()] = factory;
        return this;
    }

    /// <summary>Adds or replaces how <paramref name="provider"/>'s context windows are read (in-process engines read their files).</summary>
    public ModelProviderRegistry RegisterContextWindow(string provider, ContextWindowFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(factory);
        _windows[provider.Trim()] = factory;
        return this;
    }

    /// <summary>
    /// The model's context window: its provider's registered reader, else the model catalog's documented figure; null
    /// when neither knows it. Calls no model.
    /// </summary>
    public IModelContextWindow? ContextWindowOf(ModelReference reference, ModelContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _windows.TryGetValue(reference.Provider, out var factory)
            ? factory(reference, context ?? ModelContext.Default)
            : CatalogContextWindow.For(reference);
    }

    public bool IsRegistered(string provider) => _factories.ContainsKey(provider);

    /// <exception cref="UserInputException">No provider of that name is registered.</exception>
    public IChatClient CreateClient(ModelReference reference, ModelContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!_factories.TryGetValue(reference.Provider, out var factory))
        {
            throw new UserInputException(
                $"model {reference.Id}: unknown provider '{reference.Provider}'; known providers: {string.Join(", ", Providers)}.");
        }

        return factory(reference, context ?? ModelContext.Default);
    }
}
