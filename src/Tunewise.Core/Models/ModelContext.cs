namespace Tunewise.Models;

/// <summary>
/// What a provider factory may use besides the reference: the environment (for API keys only),
/// an optional HTTP client, and the folder relative paths resolve against.
/// </summary>
public sealed class ModelContext
{
    public static ModelContext Default { get; } = new();

    /// <summary>Reads an environment variable; tests substitute their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Shared HTTP client for HTTP providers; null lets the provider use its own.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Folder that relative model paths (gguf, lab checkpoints) are resolved against.</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// Reads the key from the variable the reference names, or else from the provider's standard
    /// variable, and registers it with <see cref="SecretRedactor.Default"/> so it is scrubbed from every error message.
    /// </summary>
    /// <exception cref="UserInputException">A required key is missing; the message names the variable, never a value.</exception>
    public string? ReadApiKey(ModelReference reference, string? standardVariable, bool required)
    {
        var variable = reference.ApiKeyEnv ?? standardVariable;
        if (variable is null)
        {
            return null;
        }

        var key = Environment(variable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (required || reference.ApiKeyEnv is not null)
            {
                throw new UserInputException(
                    $"model {reference.Id}: environment variable {variable} is not set; it must hold the API key.");
            }

            return null;
        }

        SecretRedactor.Default.Register(key);
        return key;
    }
}
