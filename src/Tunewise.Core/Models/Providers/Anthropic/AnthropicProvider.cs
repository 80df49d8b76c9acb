using global::Anthropic;
using global::Anthropic.Core;
using Microsoft.Extensions.AI;
using Tunewise.Models.Providers.Http;

namespace Tunewise.Models.Providers.Anthropic;

/// <summary>
/// Anthropic's Messages API as an <see cref="IChatClient"/>, through the official SDK. The SDK's own
/// retries are off (retrying, pacing and timeouts belong to the Tunewise pipeline), and HTTP errors
/// surface as <see cref="ProviderHttpException"/> with the status and <c>Retry-After</c>.
/// </summary>
public static class AnthropicProvider
{
    public const string Name = "anthropic";
    public const string StandardKeyVariable = "ANTHROPIC_API_KEY";

    /// <summary><c>max_tokens</c> is required by the API; this is sent when <c>ChatOptions.MaxOutputTokens</c> is not set.</summary>
    public const int DefaultMaxOutputTokens = 4096;

    public static Uri DefaultEndpoint { get; } = new("https://api.anthropic.com");

    /// <param name="model">Model id, e.g. <c>claude-sonnet-4-5</c>.</param>
    /// <param name="apiKey">The key itself; the caller reads it from the environment. It is never put in a message.</param>
    /// <param name="endpoint">Base URL without <c>/v1</c>; defaults to <see cref="DefaultEndpoint"/>.</param>
    /// <param name="http">An HTTP client to send through; the error handler is attached on top of it.</param>
    public static IChatClient CreateAnthropicChatClient(string model, string apiKey, Uri? endpoint = null, HttpClient? http = null,
        int defaultMaxOutputTokens = DefaultMaxOutputTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultMaxOutputTokens, 1);
        var options = new ClientOptions
        {
            ApiKey = apiKey,
            // Always explicit, so an ANTHROPIC_BASE_URL in the environment cannot redirect a study's calls.
            BaseUrl = (endpoint ?? DefaultEndpoint).ToString().TrimEnd('/'),
            MaxRetries = 0,
            // The pipeline's adaptive timeout cuts stalled calls; the SDK's must not fire first.
            Timeout = TimeSpan.FromMinutes(10),
            Handlers = [new ProviderErrorHandler(Name, [apiKey])],
        };
        if (http is not null)
        {
            options.HttpClient = http;
        }

        return new AnthropicClient(options).AsTunewiseChatClient(model, defaultMaxOutputTokens, [apiKey]);
    }

    /// <summary>
    /// Wraps an SDK client the caller configured. Errors still surface as <see cref="ProviderHttpException"/>,
    /// but <c>Retry-After</c> is only known when the client's handlers include the one this provider attaches.
    /// </summary>
    public static IChatClient AsTunewiseChatClient(this IAnthropicClient client, string model,
        int defaultMaxOutputTokens = DefaultMaxOutputTokens, IReadOnlyList<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return new AnthropicChatClient(client, model, defaultMaxOutputTokens, secrets ?? []);
    }
}
