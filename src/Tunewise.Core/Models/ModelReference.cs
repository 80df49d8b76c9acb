using System.Text.RegularExpressions;
using Tunewise.Studies;

namespace Tunewise.Models;

/// <summary>
/// Which model a study talks to. Written as <c>provider:model</c> (<c>openai:gpt-4o-mini</c>,
/// <c>ollama:llama3.1:8b</c>, <c>gguf:path/to/x.gguf</c>, <c>lab:tw-base</c>) or, for any
/// OpenAI-compatible server, as an object with <c>base_url</c>, <c>api_key_env</c> and <c>price</c>.
/// </summary>
public sealed partial record ModelReference
{
    public ModelReference(string provider, string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Provider = provider.Trim().ToLowerInvariant();
        Model = model.Trim();
    }

    /// <summary>Provider name as registered in <see cref="ModelProviderRegistry"/>, lower case.</summary>
    public string Provider { get; }

    /// <summary>Model name, path or checkpoint directory; may itself contain ':' (ollama tags).</summary>
    public string Model { get; }

    /// <summary>Endpoint for OpenAI-compatible servers (e.g. <c>http://127.0.0.1:8000/v1</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Name of the environment variable that holds the API key; never the key itself.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>A price that replaces the catalog's (self-hosted servers, negotiated rates).</summary>
    public ModelPrice? PriceOverride { get; init; }

    /// <summary>For in-process lab models: <c>cpu</c>, <c>cuda</c> or <c>auto</c>; null means cpu.</summary>
    public string? Device { get; init; }

    /// <summary>For in-process lab models: <c>fp32</c> or <c>bf16</c>; null means fp32.</summary>
    public string? DType { get; init; }

    /// <summary><c>provider:model</c>, the short form a user writes.</summary>
    public string Id => $"{Provider}:{Model}";

    public override string ToString() => BaseUrl is null ? Id : $"{Id} @ {BaseUrl}";

    /// <summary>Parses the short form. The first ':' separates provider from model.</summary>
    /// <exception cref="UserInputException">The text is not <c>provider:model</c>.</exception>
    public static ModelReference Parse(string text)
    {
        if (TryParse(text, out var reference, out var error))
        {
            return reference;
        }

        throw new UserInputException(error);
    }

    public static bool TryParse(string? text, out ModelReference reference, out string error)
    {
        reference = null!;
        var trimmed = text?.Trim() ?? "";
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == trimmed.Length - 1 || !ProviderName().IsMatch(trimmed[..colon]))
        {
            error = $"'{trimmed}' is not a model reference; expected provider:model, for example " +
                    "openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ollama:llama3.1:8b, gguf:models/x.gguf or lab:tw-base.";
            return false;
        }

        reference = new ModelReference(trimmed[..colon], trimmed[(colon + 1)..]);
        error = "";
        return true;
    }

    // A drive letter ("C:\models\x.gguf") is a single letter; provider names are at least two characters.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]+$")]
    private static partial Regex ProviderName();
}
