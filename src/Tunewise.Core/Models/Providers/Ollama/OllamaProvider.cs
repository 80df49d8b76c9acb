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
    /// <param name="http">
    /// An HTTP client to send through. When given, its base address is set to the endpoint if it has none,
    /// and errors carry the status only (the body and <c>Retry-After</c> are read by the handler this
    /// provider installs on its own client).
    /// </param>
    public static IChatClient CreateOllamaChatClient(string model, Uri? endpoint = null, HttpClient? http = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        endpoint ??= DefaultEndpoint;
        if (http is null)
        {
            http = new HttpClient(new ProviderErrorHandler(Name, [], new SocketsHttpHandler()))
            {
                BaseAddress = endpoint,
                // The pipeline's adaptive timeout cuts stalled calls; local models can take minutes to load.
                Timeout = TimeSpan.FromMinutes(10),
            };
        }
        else
        {
            http.BaseAddress ??= endpoint;
        }

        return new OllamaApiClient(http, model).AsTunewiseChatClient();
    }

    public static IChatClient AsTunewiseChatClient(this OllamaApiClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new OllamaChatClient(client);
    }
}
