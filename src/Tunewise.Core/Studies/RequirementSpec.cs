namespace Tunewise.Studies;

/// <summary>The quality bar: the 95% CI lower bound of <see cref="Metric"/> must reach <see cref="Target"/>.</summary>
public sealed record RequirementSpec(string Metric, double Target);
