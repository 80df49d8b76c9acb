using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>Picks the arms each question compares, on the primary metric.</summary>
internal static class ArmSelection
{
    /// <summary>Arms with a finite estimate on <paramref name="metric"/> that satisfy <paramref name="filter"/>.</summary>
    public static IEnumerable<(ArmMeasurement Arm, Estimate Estimate)> Scored(StudyMeasurements measurements, string? metric, Func<ArmMeasurement, bool> filter) =>
        metric is null
            ? []
            : measurements.Arms.Where(filter).Select(a => (Arm: a, Estimate: a.Metric(metric)!)).Where(p => p.Estimate is not null);

    /// <summary>
    /// The best arm by CI lower bound (the figure the requirement is judged on), ties broken by point value.
    /// Arms without an interval rank by point value below any arm with one.
    /// </summary>
    public static (ArmMeasurement Arm, Estimate Estimate)? Best(IEnumerable<(ArmMeasurement Arm, Estimate Estimate)> arms) =>
        arms.OrderByDescending(p => double.IsNaN(p.Estimate.CiLow) ? double.NegativeInfinity : p.Estimate.CiLow)
            .ThenByDescending(p => p.Estimate.Value)
            .ThenBy(p => p.Arm.Name, StringComparer.Ordinal)
            .Select(p => ((ArmMeasurement, Estimate)?)p)
            .FirstOrDefault();

    public static (ArmMeasurement Arm, Estimate Estimate)? BestByPoint(IEnumerable<(ArmMeasurement Arm, Estimate Estimate)> arms) =>
        arms.OrderByDescending(p => p.Estimate.Value)
            .ThenBy(p => p.Arm.Name, StringComparer.Ordinal)
            .Select(p => ((ArmMeasurement, Estimate)?)p)
            .FirstOrDefault();

    public static bool Meets(Estimate estimate, double? target) => target is { } t && estimate.CiLow >= t;

    /// <summary>Deployable arms whose CI lower bound reaches the target.</summary>
    public static List<(ArmMeasurement Arm, Estimate Estimate)> Qualifying(StudyMeasurements measurements) =>
        Scored(measurements, measurements.PrimaryMetric, a => a.Technique.IsDeployable())
            .Where(p => Meets(p.Estimate, measurements.Requirement?.Target))
            .ToList();
}
