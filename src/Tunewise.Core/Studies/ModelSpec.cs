namespace Tunewise.Studies;

/// <summary>
/// A model as the study names it. This only captures the shape; turning it into a client is the
/// job of the model layer. <see cref="ApiKeyEnv"/> names an environment variable, never a key.
/// <see cref="Device"/> and <see cref="DType"/> say where and at which precision a <c>lab</c> model runs.
/// </summary>
public sealed record ModelSpec(
    string Name,
    string Provider,
    string Model,
    string? BaseUrl = null,
    string? ApiKeyEnv = null,
    ModelPrice? Price = null,
    ModelLimits? Limits = null,
    string? Device = null,
    string? DType = null,
    int? ContextWindow = null)
{
    /// <summary>The values <see cref="Device"/> takes (lab models only): <c>auto</c> is cuda when present, else cpu.</summary>
    public static readonly IReadOnlyList<string> Devices = ["cpu", "cuda", "auto"];

    /// <summary>The values <see cref="DType"/> takes (lab models only).</summary>
    public static readonly IReadOnlyList<string> DTypes = ["fp32", "bf16"];

    /// <summary>The short reference form, <c>provider:model</c>.</summary>
    public string Reference => $"{Provider}:{Model}";

    /// <summary>
    /// Parses a string reference such as <c>openai:gpt-4o-mini</c> or <c>ollama:llama3.1:8b</c>:
    /// the provider is everything before the first ':'. Returns null when there is no ':'.
    /// The provider is not checked here; validation reports unknown providers with a suggestion.
    /// </summary>
    public static ModelSpec? TryParse(string name, string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == reference.Length - 1)
        {
            return null;
        }
        return new ModelSpec(name, reference[..colon].Trim(), reference[(colon + 1)..].Trim());
    }

    public override string ToString() => BaseUrl is null ? $"{Name} = {Reference}" : $"{Name} = {Reference} at {BaseUrl}";
}
