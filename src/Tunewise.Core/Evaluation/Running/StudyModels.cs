using Tunewise.Models;
using Tunewise.Models.Middleware;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>
/// Builds each study model's pipeline (cache ▸ retry ▸ budget ▸ provider) once and shares it across arms,
/// so all arms on a model draw from the same cache and the same budget.
/// </summary>
public sealed class StudyModels
{
    private readonly ModelProviderRegistry _registry;
    private readonly ModelContext _context;
    private readonly SqliteResponseCache? _cache;
    private readonly SpendTracker _spend;
    private readonly RetryOptions _retry;
    private readonly Dictionary<string, StudyModel> _built = new(StringComparer.Ordinal);

    public StudyModels(ModelProviderRegistry registry, ModelContext context, SqliteResponseCache? cache, SpendTracker spend, RetryOptions? retry = null)
    {
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
            PriceOverride = spec.Price is { } p ? new Tunewise.Models.ModelPrice(p.InputPerMTok, p.OutputPerMTok) { CachedInputPerMTok = p.CachedInputPerMTok } : null,
        };
    }
}
