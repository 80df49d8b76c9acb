namespace Tunewise.Results;

/// <summary>The study's quality bar, as the report states it.</summary>
public sealed record RequirementSummary(string Metric, double Target);
