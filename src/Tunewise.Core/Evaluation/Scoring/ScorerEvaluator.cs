using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Tunewise.Evaluation.Scoring.Judging;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// A Tunewise scorer as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>, so our metrics run in
/// that ecosystem's pipelines and reports. The gold value comes from a <see cref="ReferenceAnswerContext"/>.
/// </summary>
public sealed class ScorerEvaluator(IScorer scorer) : IEvaluator
{
    private readonly IScorer _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));

    public IReadOnlyCollection<string> EvaluationMetricNames => [_scorer.Name];

    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var input = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        var expected = additionalContext?.OfType<ReferenceAnswerContext>().FirstOrDefault()?.Reference;
        var score = await _scorer.ScoreAsync(new ScoreRequest(modelResponse.Text, expected, input), cancellationToken).ConfigureAwait(false);

        var metric = new NumericMetric(_scorer.Name, score.IsError ? null : score.Value, score.Reason);
        if (score.Error is { } error)
            metric.AddDiagnostics(EvaluationDiagnostic.Error(error));
        if (score.Passed is { } passed)
            metric.Interpretation = new EvaluationMetricInterpretation(passed ? EvaluationRating.Good : EvaluationRating.Unacceptable, failed: !passed, reason: score.Reason);
        foreach (var (key, value) in score.Details ?? new Dictionary<string, object>())
        {
            if (value is string or IFormattable or bool)
                metric.AddOrUpdateMetadata(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        }
        return new EvaluationResult(metric);
    }
}
