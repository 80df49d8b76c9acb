using System.Collections.Immutable;
using Tunewise.Statistics;
using Tunewise.Studies;
using Tunewise.Evaluation.Errors;

namespace Tunewise.Decision;

/// <summary>
/// What the study measured for one arm. Unknown values are null, never 0: an unknown cost blocks a cost
/// claim instead of making an arm look free.
/// </summary>
public sealed record ArmMeasurement
{
    public required string Name { get; init; }

    public required ArmTechnique Technique { get; init; }

    /// <summary>Set for <see cref="ArmTechnique.FineTuned"/> and <see cref="ArmTechnique.Distilled"/> arms.</summary>
    public FineTuneMethod? FineTuneMethod { get; init; }

    public required string Model { get; init; }

    /// <summary>Parameter count of the model, when known.</summary>
    public long? ModelParameters { get; init; }

    public ModelScale Scale { get; init; } = ModelScale.Unknown;

    /// <summary>Metric name → estimate with its 95% CI.</summary>
    public ImmutableDictionary<string, Estimate> Metrics { get; init; } = ImmutableDictionary<string, Estimate>.Empty;

    /// <summary>
    /// Per-example score on the requirement's metric (1 correct, 0 wrong, or a partial score), in the frozen
    /// test set's order, so two arms can be compared example by example. Empty when not recorded. Give them
    /// only for metrics that are the mean of per-example scores (accuracy, exact match): the paired intervals
    /// resample their mean.
    /// </summary>
    public ImmutableArray<double> ExampleScores { get; init; } = [];

    /// <summary>Wrong answers by cause; null when not classified.</summary>
    public ErrorClassCounts? Errors { get; init; }

    /// <summary>USD per query; null when a price is unknown.</summary>
    public double? CostPerQuery { get; init; }

    /// <summary>USD paid once (training, prompt optimization); null when unknown. Prompting arms usually 0.</summary>
    public double? OneOffCost { get; init; } = 0;

    /// <summary>USD per month whatever the volume (a dedicated endpoint, hosting).</summary>
    public double FixedPerMonth { get; init; }

    public double? LatencyP50Ms { get; init; }

    public double? LatencyP95Ms { get; init; }

    /// <summary>
    /// General-capability score after − before fine-tuning, with CI; negative is capability lost. Null when
    /// not measured (fine-tuned arms only).
    /// </summary>
    public Estimate? Forgetting { get; init; }

    public Estimate? Metric(string name) => Metrics.TryGetValue(name, out var estimate) && !double.IsNaN(estimate.Value) ? estimate : null;
}
