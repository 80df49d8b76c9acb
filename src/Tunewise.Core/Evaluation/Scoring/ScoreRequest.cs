namespace Tunewise.Evaluation.Scoring;

/// <summary>One thing to score: the model's output, the gold value (when the task has one) and the input that produced it.</summary>
public sealed record ScoreRequest(string Output, string? Expected, string? Input = null);
