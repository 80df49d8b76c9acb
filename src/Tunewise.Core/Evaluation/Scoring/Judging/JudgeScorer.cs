using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Tunewise.Evaluation.Scoring.Judging;

/// <summary>
/// The <c>judge</c> metric: an <see cref="LlmJudge"/> over any <see cref="IChatClient"/>. Values are mapped
/// to 0..1 (a 1–5 score s becomes (s − 1) / 4) so they share a scale with the other metrics; the raw score
/// is kept in the details as <c>raw_score</c> and the judge's reason as the result's reason.
/// </summary>
public sealed class JudgeScorer : EvaluatorScorer
{
    private readonly LlmJudge _judge;

    public JudgeScorer(IChatClient judgeClient, string rubric, JudgeScale scale = JudgeScale.OneToFive, string name = "judge")
        : this(new LlmJudge(rubric, scale, name), judgeClient ?? throw new ArgumentNullException(nameof(judgeClient)))
    {
    }

    private JudgeScorer(LlmJudge judge, IChatClient judgeClient)
        : base(judge, new ChatConfiguration(judgeClient), judge.MetricName)
    {
        _judge = judge;
    }

    public LlmJudge Judge => _judge;

    protected override double Normalize(double value) => _judge.Normalize(value);
}
