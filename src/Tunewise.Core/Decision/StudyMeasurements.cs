using System.Collections.Immutable;
using Tunewise.Studies;

namespace Tunewise.Decision;

/// <summary>
/// Everything the decision procedure reads: recorded measurements, never a model call. The runner maps its
/// results into this record; it serialises to JSON with <see cref="DecisionJson.Options"/>.
/// </summary>
public sealed record StudyMeasurements
{
    public required string Study { get; init; }

    /// <summary>The quality bar; null when the study states none (the best achievable quality stands in).</summary>
    public RequirementSpec? Requirement { get; init; }

    /// <summary>Expected production queries per month; null when not stated.</summary>
    public long? QueriesPerMonth { get; init; }

    public ImmutableArray<ArmMeasurement> Arms { get; init; } = [];

    /// <summary>A curation report (duplicates, conflicts, leakage) was written; null when unknown.</summary>
    public bool? CurationReportWritten { get; init; }

    /// <summary>The test split was frozen and hashed before any arm ran; null when unknown.</summary>
    public bool? TestSetFrozen { get; init; }

    /// <summary>How many distinct base models were evaluated before fine-tuning; null when unknown.</summary>
    public int? BaseModelsEvaluated { get; init; }

    /// <summary>The metric the decision is about: the requirement's, else the first metric any arm has.</summary>
    public string? PrimaryMetric => Requirement?.Metric ?? Arms.SelectMany(a => a.Metrics.Keys).FirstOrDefault();
}
