using Microsoft.Extensions.AI.Evaluation;

namespace Tunewise.Evaluation.Scoring.Judging;

/// <summary>The gold answer handed to an <see cref="IEvaluator"/> alongside the response it evaluates.</summary>
public sealed class ReferenceAnswerContext(string reference) : EvaluationContext(ContextName, reference)
{
    public const string ContextName = "Reference answer";

    public string Reference { get; } = reference;
}
