using System.Collections.Concurrent;
using Tunewise.Models.Middleware;

namespace Tunewise.Models;

/// <summary>
/// Concurrency slots, pacers and adaptive timeouts shared by every pipeline that talks to the same provider endpoint,
/// for code that builds several pipelines against one account. A study keeps its limits per model instead (a model's
/// <c>limits:</c>, applied in <c>StudyModels</c>), as OpenAI's rate limits are per model.
/// </summary>
public sealed class ProviderLimits
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RequestPacer> _pacers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, AdaptiveTimeout> _timeouts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The endpoint a reference talks to: its provider, plus the base URL when it has one.</summary>
    public static string EndpointOf(ModelReference reference) =>
        reference.BaseUrl is null ? reference.Provider : $"{reference.Provider}@{reference.BaseUrl}";

    public SemaphoreSlim Slots(ModelReference reference, int maxConcurrentCalls) =>
        _slots.GetOrAdd(EndpointOf(reference), _ => new SemaphoreSlim(maxConcurrentCalls, maxConcurrentCalls));

    public RequestPacer Pacer(ModelReference reference, double? requestsPerMinute, double? tokensPerMinute) =>
        _pacers.GetOrAdd(EndpointOf(reference), _ => new RequestPacer(requestsPerMinute, tokensPerMinute));

    public AdaptiveTimeout Timeout(ModelReference reference, AdaptiveTimeoutOptions options) =>
        _timeouts.GetOrAdd(EndpointOf(reference), _ => new AdaptiveTimeout(options));
}
