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

    /// <summary>Classical baseline classifiers (no LLM): the bar the arms are placed against, never a candidate of the four questions.</summary>
    public ImmutableArray<ArmMeasurement> Baselines { get; init; } = [];

    /// <summary>Declared arms that did not run, with their reasons: the decision leaves them out and says why.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableArray<NotRunArm> NotRun { get; init; } = [];

    /// <summary>The study's metrics in the order it lists them; the first is the primary one when no requirement names it.</summary>
    public ImmutableArray<string> MetricOrder { get; init; } = [];

    /// <summary>A curation report (duplicates, conflicts, leakage) was written; null when unknown.</summary>
    public bool? CurationReportWritten { get; init; }

    /// <summary>The test split was frozen and hashed before any arm ran; null when unknown.</summary>
    public bool? TestSetFrozen { get; init; }

    /// <summary>How many distinct base models were evaluated before fine-tuning; null when unknown.</summary>
    public int? BaseModelsEvaluated { get; init; }

    /// <summary>
    /// Rejects measurements the procedure cannot reason about: duplicate arm names, negative costs or volume,
    /// per-example scores that are not finite.
    /// </summary>
    public void Validate()
    {
        var duplicate = Arms.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Study '{Study}': arm name '{duplicate.Key}' appears {duplicate.Count()} times; arm names must be unique.");
        if (QueriesPerMonth < 0)
            throw new ArgumentException($"Study '{Study}': queries per month cannot be negative, got {QueriesPerMonth}.");
        foreach (var arm in Arms)
        {
            if (arm.CostPerQuery < 0 || arm.OneOffCost < 0 || arm.FixedPerMonth < 0)
                throw new ArgumentException($"Arm '{arm.Name}': costs cannot be negative (cost per query {arm.CostPerQuery}, one-off {arm.OneOffCost}, fixed per month {arm.FixedPerMonth}).");
            for (var i = 0; i < arm.ExampleScores.Length; i++)
            {
                if (!double.IsFinite(arm.ExampleScores[i]))
                    throw new ArgumentException($"Arm '{arm.Name}': per-example score at index {i} is {arm.ExampleScores[i]}; score failed examples (0) before deciding.");
            }
        }
    }

    /// <summary>
    /// The metric the decision is about: the requirement's, else the study's first (<see cref="MetricOrder"/>), else the
    /// first by name that any arm has. Never the order of a dictionary, so the same measurements give the same report in
    /// every process.
    /// </summary>
    public string? PrimaryMetric => Requirement?.Metric
        ?? MetricOrder.FirstOrDefault(m => Arms.Any(a => a.Metrics.ContainsKey(m)))
        ?? Arms.SelectMany(a => a.Metrics.Keys).Order(StringComparer.Ordinal).FirstOrDefault();
}
