using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using Tunewise.Models;

namespace Tunewise.Evaluation.Scoring.Judging;

/// <summary>
/// LLM-as-judge with a rubric, as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>: the judge
/// model comes from <see cref="ChatConfiguration"/>, the reference from <see cref="ReferenceAnswerContext"/>.
/// It yields a <see cref="NumericMetric"/> with the raw score (1–5 or 0–1) and the judge's reason. A failed
/// call or a malformed reply gives no value and an error diagnostic, never a silent 0.
/// </summary>
public sealed class LlmJudge : IEvaluator
{
    private const int ReplyShownInErrors = 300;

    public LlmJudge(string rubric, JudgeScale scale = JudgeScale.OneToFive, string metricName = "judge", ChatOptions? chatOptions = null)
    {
        if (string.IsNullOrWhiteSpace(rubric))
            throw new UserInputException("The judge metric needs a rubric (metric option 'rubric'): what a good answer does and does not do.");
        ArgumentException.ThrowIfNullOrWhiteSpace(metricName);
        Rubric = rubric;
        Scale = scale;
        MetricName = metricName;
        ChatOptions = chatOptions ?? new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.Json };
    }

    public string Rubric { get; }

    public JudgeScale Scale { get; }

    public string MetricName { get; }

    public ChatOptions ChatOptions { get; }

    public IReadOnlyCollection<string> EvaluationMetricNames => [MetricName];

    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(modelResponse);
        var metric = new NumericMetric(MetricName);
        var result = new EvaluationResult(metric);
        if (chatConfiguration is null)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error("No judge model: pass a ChatConfiguration with the judge's chat client."));
            return result;
        }

        var input = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        var reference = additionalContext?.OfType<ReferenceAnswerContext>().FirstOrDefault()?.Reference;
        var prompt = JudgePrompt.Build(Rubric, Scale, input, reference, modelResponse.Text);

        ChatResponse reply;
        try
        {
            reply = await chatConfiguration.ChatClient.GetResponseAsync(prompt, ChatOptions.Clone().WithLatencyGroup("judge"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error($"The judge call failed: {e.Message}"));
            return result;
        }
        metric.AddOrUpdateChatMetadata(reply);

        if (!JudgeReply.TryParse(reply.Text, Scale, out var parsed, out var error))
        {
            var shown = reply.Text.Length <= ReplyShownInErrors ? reply.Text : reply.Text[..ReplyShownInErrors] + "…";
            metric.AddDiagnostics(EvaluationDiagnostic.Error($"Malformed judge reply ({error}): {shown}"));
            return result;
        }

        metric.Value = parsed.Score;
        metric.Reason = parsed.Reason;
        var passed = Scale == JudgeScale.OneToFive ? parsed.Score >= 4 : parsed.Score >= 0.5;
        metric.Interpretation = new EvaluationMetricInterpretation(Rating(parsed.Score), failed: !passed, reason: parsed.Reason);
        metric.AddOrUpdateMetadata("scale", Scale == JudgeScale.OneToFive ? "1-5" : "0-1");
        return result;
    }

    /// <summary>Maps a raw score to 0..1 so judge results sit on the same scale as the other metrics.</summary>
    public double Normalize(double score) => Scale == JudgeScale.OneToFive ? (score - 1) / 4 : score;

    private EvaluationRating Rating(double score)
    {
        var unit = Normalize(score);
        return unit switch
        {
            < 0.125 => EvaluationRating.Unacceptable,
            < 0.375 => EvaluationRating.Poor,
            < 0.625 => EvaluationRating.Average,
            < 0.875 => EvaluationRating.Good,
            _ => EvaluationRating.Exceptional,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MetricName} ({(Scale == JudgeScale.OneToFive ? "1-5" : "0-1")})");
}
