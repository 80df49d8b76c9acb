using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Tunewise.Models.Providers;

/// <summary>
/// OpenAI and any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, gateways). Plain text chat completions
/// go straight over HTTP (<see cref="ChatCompletionsClient"/>); everything else through the official SDK, whose own
/// retries are switched off: retrying, timeouts and pacing belong to the Tunewise pipeline, which sees every attempt
/// and bills once.
/// </summary>
public static class OpenAIProvider
{
    public const string OpenAIName = "openai";
    public const string CompatibleName = "openai-compatible";
    public const string StandardKeyVariable = "OPENAI_API_KEY";

    // Self-hosted servers usually ignore the key, but the SDK requires a non-empty credential.
    private const string PlaceholderKey = "no-key";

    public static IChatClient CreateOpenAI(ModelReference reference, ModelContext context)
    {
        var key = context.ReadApiKey(reference, StandardKeyVariable, required: true)!;
        return Create(reference, context, key, reference.BaseUrl);
    }

    public static IChatClient CreateCompatible(ModelReference reference, ModelContext context)
    {
        if (string.IsNullOrWhiteSpace(reference.BaseUrl))
        {
            throw new UserInputException(
                $"model {reference.Id}: provider openai-compatible needs base_url (for example http://127.0.0.1:8000/v1).");
        }

        var key = context.ReadApiKey(reference, standardVariable: null, required: false) ?? PlaceholderKey;
        return Create(reference, context, key, reference.BaseUrl);
    }

    /// <summary>The API base the official SDK uses when none is given.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.openai.com/v1");

    private static IChatClient Create(ModelReference reference, ModelContext context, string key, string? baseUrl)
    {
        Uri? endpoint = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            throw new UserInputException($"model {reference.Id}: base_url '{baseUrl}' is not an http(s) URL.");
        }

        return new ChatCompletionsClient(endpoint ?? DefaultEndpoint, reference.Model, key, context.HttpClient,
            () => CreateSdkClient(reference, context, key, endpoint));
    }

    internal static IChatClient CreateSdkClient(ModelReference reference, ModelContext context, string key, Uri? endpoint)
    {
        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The pipeline's adaptive timeout cuts stalled calls; the SDK's fixed one must not fire first.
            NetworkTimeout = TimeSpan.FromMinutes(10),
        };
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }

        if (context.HttpClient is not null)
        {
            options.Transport = new HttpClientPipelineTransport(context.HttpClient);
        }

        var client = new OpenAIClient(new ApiKeyCredential(key), options);
        return client.GetChatClient(reference.Model).AsIChatClient();
    }
}
