using Tunewise.Models.Middleware;
using Tunewise.Studies;

namespace Tunewise.Models;

/// <summary>
/// Builds each study model's pipeline (cache ▸ retry ▸ budget ▸ timeout ▸ provider) once and shares it across arms,
/// so all arms on a model draw from the same cache and the same budget. Models behind a network endpoint get an adaptive
/// per-attempt timeout learned per arm (see <see cref="AdaptiveTimeoutGroups"/>), so a stalled reply is cut and sent again
/// instead of holding a worker until the HTTP client gives up; in-process models (lab, GGUF) have none, since their time
/// is compute that a retry would only repeat.
/// </summary>
public sealed class StudyModels
{
    private readonly ModelProviderRegistry _registry;
    private readonly ModelContext _context;
    private readonly SqliteResponseCache? _cache;
    private readonly SpendTracker _spend;
    private readonly RetryOptions _retry;
    private readonly AdaptiveTimeoutOptions _timeout;
    private readonly Dictionary<string, StudyModel> _built = new(StringComparer.Ordinal);

    public StudyModels(ModelProviderRegistry registry, ModelContext context, SqliteResponseCache? cache, SpendTracker spend, RetryOptions? retry = null,
        AdaptiveTimeoutOptions? timeout = null)
    {
        _timeout = timeout ?? new AdaptiveTimeoutOptions();
        _registry = registry;
        _context = context;
        _cache = cache;
        _spend = spend;
        _retry = retry ?? new RetryOptions();
    }

    public SpendTracker Spend => _spend;

    public StudyModel Get(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_built)
        {
            if (_built.TryGetValue(spec.Name, out var existing))
                return existing;
            var reference = ToReference(spec);
            var price = reference.PriceOverride ?? ModelCatalog.Default.PriceFor(reference);
            var builder = ModelPipelineBuilder.For(reference, _registry, _context).WithPrice(price).WithRetry(_retry).WithBudget(_spend);
            if (_cache is not null)
                builder = builder.WithCache(_cache);
            if (!LocalCompute.IsLocal(spec.Provider))
            {
                var limits = spec.Limits ?? new ModelLimits();
                builder = builder.WithTimeouts(new AdaptiveTimeoutGroups(limits.TimeoutFloor is { } floor ? _timeout with { Floor = floor } : _timeout));
                if (limits.RequestsPerMinute is not null || limits.TokensPerMinute is not null)
                    builder = builder.WithPacing(new RequestPacer(limits.RequestsPerMinute, limits.TokensPerMinute));
                if (limits.Concurrency is { } slots)
                    builder = builder.WithConcurrencyLimit(new SemaphoreSlim(slots, slots));
            }
            var model = new StudyModel(builder.Build(), price);
            _built[spec.Name] = model;
            return model;
        }
    }

    public static ModelReference ToReference(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ModelReference(spec.Provider, spec.Model)
        {
            BaseUrl = spec.BaseUrl,
            ApiKeyEnv = spec.ApiKeyEnv,
            PriceOverride = spec.Price,
            Device = spec.Device,
            DType = spec.DType,
        };
    }
}
