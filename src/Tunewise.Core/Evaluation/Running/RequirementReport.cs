namespace Tunewise.Evaluation.Running;

public sealed record RequirementReport(string Metric, double Target);
