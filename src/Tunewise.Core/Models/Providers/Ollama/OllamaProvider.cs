using Microsoft.Extensions.AI;
using OllamaSharp;
using Tunewise.Models.Providers.Http;

namespace Tunewise.Models.Providers.Ollama;

/// <summary>
/// A model served by Ollama, through its native API (not the OpenAI-compatible one), so Ollama's own
/// options and token counts are used. HTTP errors surface as <see cref="ProviderHttpException"/> with
/// Ollama's error text (e.g. "model … not found, try pulling it first").
/// </summary>
public static class OllamaProvider
{
    public const string Name = "ollama";

    public static Uri DefaultEndpoint { get; } = new("http://127.0.0.1:11434");

    /// <param name="model">Model tag, e.g. <c>llama3.1:8b</c>.</param>
    /// <param name="endpoint">Server address; defaults to <see cref="DefaultEndpoint"/>.</param>
    /// <param name="http">A shared HTTP client to send through; it is not modified (requests use absolute URLs).</param>
    public static IChatClient CreateOllamaChatClient(string model, Uri? endpoint = null, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        endpoint ??= DefaultEndpoint;
        HttpMessageHandler transport = http is null ? new SocketsHttpHandler() : new HttpClientForwardingHandler(http);
        var client = new HttpClient(new ProviderErrorHandler(Name, [], transport))
        {
            BaseAddress = endpoint,
            // The pipeline's adaptive timeout cuts stalled calls; local models can take minutes to load.
            Timeout = TimeSpan.FromMinutes(10),
        };

        return new OllamaChatClient(new OllamaApiClient(client, model), ownedHttpClient: client);
    }

    public static IChatClient AsTunewiseChatClient(this OllamaApiClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new OllamaChatClient(client);
    }
}
