using Microsoft.Extensions.AI;
using Tunewise.Models.Providers;

namespace Tunewise.Models;

/// <summary>
/// Maps provider names (<c>openai</c>, <c>anthropic</c>, <c>ollama</c>, …) to factories. Built-in and
/// user-supplied providers register the same way, so a custom <see cref="IChatClient"/> is a
/// first-class provider.
/// </summary>
public sealed class ModelProviderRegistry
{
    private readonly Dictionary<string, ChatClientFactory> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A registry with the built-in <c>openai</c> and <c>openai-compatible</c> providers.</summary>
    public static ModelProviderRegistry CreateDefault() => new ModelProviderRegistry()
        .Register(OpenAIProvider.OpenAIName, OpenAIProvider.CreateOpenAI)
        .Register(OpenAIProvider.CompatibleName, OpenAIProvider.CreateCompatible);

    public IReadOnlyList<string> Providers => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds or replaces the factory for <paramref name="provider"/>.</summary>
    public ModelProviderRegistry Register(string provider, ChatClientFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[provider.Trim()] = factory;
        return this;
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
