using Microsoft.Extensions.AI;
using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Models;

/// <summary>Pipelines against a <see cref="FaultyOpenAIServer"/> with millisecond-scale retry and timeout settings.</summary>
internal static class FaultServerClients
{
    public const string Model = "tw-echo";

    public static ModelReference Reference(FaultyOpenAIServer server, string? apiKeyEnv = null) =>
        new("openai-compatible", Model) { BaseUrl = server.ApiBase, ApiKeyEnv = apiKeyEnv };

    public static RetryOptions FastRetry(int maxAttempts = 8, Action<RetryAttempt>? onRetry = null) => new()
    {
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(2),
        MaxDelay = TimeSpan.FromMilliseconds(40),
        MaxRetryAfter = TimeSpan.FromMilliseconds(200),
        OnRetry = onRetry,
    };

    public static AdaptiveTimeout FastTimeout() => new(new AdaptiveTimeoutOptions
    {
        Floor = TimeSpan.FromMilliseconds(400),
        Initial = TimeSpan.FromSeconds(3),
        Ceiling = TimeSpan.FromSeconds(3),
        Multiplier = 4,
        MinSamples = 20,
    });

    public static ModelPipelineBuilder Builder(FaultyOpenAIServer server, ModelContext? context = null, string? apiKeyEnv = null)
    {
        var reference = Reference(server, apiKeyEnv);
        return ModelPipelineBuilder.For(reference, ModelProviderRegistry.CreateDefault(), context)
            .WithRetry(FastRetry())
            .WithTimeout(FastTimeout());
    }

    public static ChatMessage[] Ask(string question) => [new(ChatRole.User, question)];
}
