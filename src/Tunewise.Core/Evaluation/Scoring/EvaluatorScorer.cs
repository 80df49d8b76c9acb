using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Tunewise.Evaluation.Scoring.Judging;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Any Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/> as a scorer. The input goes in as the
/// user message, the output as the response, the gold value as a <see cref="ReferenceAnswerContext"/>.
/// A numeric metric becomes the value, a boolean metric 1/0; error diagnostics make the example unscorable.
/// </summary>
public class EvaluatorScorer : IScorer
{
    private readonly IEvaluator _evaluator;
    private readonly ChatConfiguration? _chatConfiguration;
    private readonly string _metricName;

    /// <param name="metricName">Which of the evaluator's metrics to read; defaults to its first.</param>
    /// <param name="name">The metric name in studies and reports; defaults to <paramref name="metricName"/>.</param>
    public EvaluatorScorer(IEvaluator evaluator, ChatConfiguration? chatConfiguration = null, string? metricName = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        _evaluator = evaluator;
        _chatConfiguration = chatConfiguration;
        _metricName = metricName ?? evaluator.EvaluationMetricNames.FirstOrDefault()
            ?? throw new ArgumentException("The evaluator names no metrics.", nameof(evaluator));
        Name = name ?? _metricName;
    }

    public string Name { get; }

    public IAggregateMetric? Aggregate => null;

    public async ValueTask<ScoreResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        IEnumerable<ChatMessage> messages = request.Input is null ? [] : [new ChatMessage(ChatRole.User, request.Input)];
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, request.Output));
        IEnumerable<EvaluationContext>? context = request.Expected is null ? null : [new ReferenceAnswerContext(request.Expected)];
        EvaluationResult result;
        try
        {
            result = await _evaluator.EvaluateAsync(messages, response, _chatConfiguration, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ScoreResult.Unscorable($"evaluator for '{Name}' failed: {e.Message}");
        }
        if (!result.Metrics.TryGetValue(_metricName, out var metric))
            return ScoreResult.Unscorable($"evaluator returned no metric '{_metricName}' (it returned: {string.Join(", ", result.Metrics.Keys)})");
        return ToScoreResult(metric);
    }

    /// <summary>Maps a raw numeric value to the scorer's scale; identity by default.</summary>
    protected virtual double Normalize(double value) => value;

    private ScoreResult ToScoreResult(EvaluationMetric metric)
    {
        var details = new Dictionary<string, object>();
        if (metric.Metadata is not null)
        {
            foreach (var (key, value) in metric.Metadata)
                details[key] = value;
        }
        var errors = metric.Diagnostics?.Where(d => d.Severity == EvaluationDiagnosticSeverity.Error).Select(d => d.Message).ToList() ?? [];
        if (errors.Count > 0)
            return ScoreResult.Unscorable(string.Join("; ", errors), details);
        bool? passed = metric.Interpretation is { } interpretation ? !interpretation.Failed : null;
        switch (metric)
        {
            case NumericMetric { Value: { } value } when double.IsFinite(value):
                details["raw_score"] = value;
                return new ScoreResult(Normalize(value), passed, metric.Reason, details);
            case BooleanMetric { Value: { } flag }:
                return new ScoreResult(flag ? 1 : 0, passed ?? flag, metric.Reason, details);
            default:
                return ScoreResult.Unscorable(string.Create(CultureInfo.InvariantCulture, $"metric '{metric.Name}' has no numeric or boolean value"), details);
        }
    }
}
