using Microsoft.Extensions.AI;
using Tunewise.Models.Middleware;
using Tunewise.Studies;

namespace Tunewise.Models;

/// <summary>
/// Composes the middleware around a provider client. Outermost first:
/// <code>
/// accounting ▸ cache ▸ retry ▸ [hedge] ▸ pace ▸ concurrency ▸ budget ▸ timeout ▸ [OpenTelemetry] ▸ provider
/// </code>
/// Accounting is outermost so it sees only the one response the caller gets: one record per logical
/// call, cache hits at $0, retried attempts never billed twice. The cache sits above retries so a hit
/// costs no attempt. Pacing and the concurrency limit wrap each attempt, because every retry is a
/// request the provider counts; pacing waits outside the concurrency slot so a worker waiting for the
/// rate limit does not hold a connection. The budget reserves per attempt, right before sending. The
/// timeout is innermost so it measures only the provider's latency (not queueing) and cuts a stalled
/// attempt for the retry layer to resend. Hedging, when on, sits under retry and above everything
/// per-request: each duplicate is paced, limited, budgeted and timed like any request, and only the
/// winner returns to the accounting layer, so a hedged call is billed once.
/// </summary>
public sealed class ModelPipelineBuilder
{
    private readonly IChatClient _provider;
    private readonly ModelReference _reference;
    private ModelPrice? _price;
    private bool _priceSet;
    private SqliteResponseCache? _cache;
    private string? _weightsHash;
    private RetryOptions? _retry = new();
    private RequestPacer? _pacer;
    private SemaphoreSlim? _slots;
    private SpendTracker? _spend;
    private int _assumedMaxOutputTokens = 4096;
    private AdaptiveTimeout? _timeout;
    private AdaptiveTimeoutGroups? _timeouts;
    private HedgingOptions? _hedging;
    private Action<CallRecord>? _onRecord;
    private string? _telemetrySource;
    private bool _telemetry;

    public ModelPipelineBuilder(IChatClient provider, ModelReference reference)
    {
        _provider = provider;
        _reference = reference;
    }

    /// <summary>Creates the provider client from <paramref name="registry"/> and starts a pipeline around it.</summary>
    public static ModelPipelineBuilder For(ModelReference reference, ModelProviderRegistry registry, ModelContext? context = null) =>
        new(registry.CreateClient(reference, context), reference);

    /// <summary>Price used for cost and budget; by default the reference's override or the built-in catalog's.</summary>
    public ModelPipelineBuilder WithPrice(ModelPrice? price)
    {
        _price = price;
        _priceSet = true;
        return this;
    }

    public ModelPipelineBuilder WithCatalog(ModelCatalog catalog) => WithPrice(catalog.PriceFor(_reference));

    /// <param name="weightsHash">Hash of the weights or adapter behind the model, when the reference alone does not pin them.</param>
    public ModelPipelineBuilder WithCache(SqliteResponseCache cache, string? weightsHash = null)
    {
        _cache = cache;
        _weightsHash = weightsHash;
        return this;
    }

    public ModelPipelineBuilder WithRetry(RetryOptions options)
    {
        _retry = options;
        return this;
    }

    /// <summary>No retries: failures still become <see cref="ModelCallException"/>s.</summary>
    public ModelPipelineBuilder WithoutRetry() => WithRetry(new RetryOptions { MaxAttempts = 1 });

    public ModelPipelineBuilder WithPacing(RequestPacer pacer)
    {
        _pacer = pacer;
        return this;
    }

    public ModelPipelineBuilder WithConcurrencyLimit(SemaphoreSlim slots)
    {
        _slots = slots;
        return this;
    }

    public ModelPipelineBuilder WithBudget(SpendTracker spend, int assumedMaxOutputTokens = 4096)
    {
        _spend = spend;
        _assumedMaxOutputTokens = assumedMaxOutputTokens;
        return this;
    }

    public ModelPipelineBuilder WithTimeout(AdaptiveTimeout timeout)
    {
        (_timeout, _timeouts) = (timeout, null);
        return this;
    }

    /// <summary>Per-attempt timeouts learned per latency group (a study's arm) instead of one for every call.</summary>
    public ModelPipelineBuilder WithTimeouts(AdaptiveTimeoutGroups timeouts)
    {
        (_timeout, _timeouts) = (null, timeouts);
        return this;
    }

    /// <summary>Sends a duplicate when the first reply is slow and keeps the first answer.</summary>
    public ModelPipelineBuilder WithHedging(HedgingOptions options)
    {
        _hedging = options;
        return this;
    }

    /// <summary>Receives every <see cref="CallRecord"/>, e.g. to persist it in the run store.</summary>
    public ModelPipelineBuilder WithCallRecords(Action<CallRecord> onRecord)
    {
        _onRecord += onRecord;
        return this;
    }

    /// <summary>Switches on Microsoft.Extensions.AI's OpenTelemetry layer (gen-ai semantic conventions), one span per attempt.</summary>
    public ModelPipelineBuilder WithOpenTelemetry(bool enabled = true, string? sourceName = null)
    {
        _telemetry = enabled;
        _telemetrySource = sourceName;
        return this;
    }

    public IChatClient Build()
    {
        var price = _priceSet ? _price : ModelCatalog.Default.PriceFor(_reference);
        var builder = new ChatClientBuilder(_provider).UseUsageAccounting(_reference.Id, price, _onRecord);
        if (_cache is not null)
        {
            builder.UseResponseCache(_cache, $"{_reference.Id}|{_reference.BaseUrl}|{_weightsHash}");
        }

        if (_retry is not null)
        {
            builder.UseRetry(_retry);
        }

        if (_hedging is not null)
        {
            builder.UseHedging(_hedging);
        }

        if (_pacer is not null)
        {
            builder.UsePacing(_pacer);
        }

        if (_slots is not null)
        {
            builder.UseConcurrencyLimit(_slots);
        }

        if (_spend is not null)
        {
            builder.UseBudget(_spend, price, _assumedMaxOutputTokens);
        }

        if (_timeouts is not null)
        {
            builder.UseTimeout(_timeouts);
        }
        else if (_timeout is not null)
        {
            builder.UseTimeout(_timeout);
        }

        if (_telemetry)
        {
            builder.UseOpenTelemetry(sourceName: _telemetrySource, configure: otel => otel.EnableSensitiveData = false);
        }

        return builder.Build();
    }
}
