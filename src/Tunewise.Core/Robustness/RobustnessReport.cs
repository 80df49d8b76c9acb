using System.Collections.Immutable;
using System.Text.Json;
using Tunewise.Serialization;
using System.Text.Json.Serialization;
using Tunewise.Statistics;
using Tunewise.Storage;

namespace Tunewise.Robustness;

/// <summary>
/// The result of a robustness check on one arm. <see cref="Spread"/> is the best minus the worst
/// variant's score (FormatSpread, Sclar et al., 2023), with a bootstrap interval from resampling
/// examples jointly across variants. <see cref="Agreement"/> is the share of examples answered the
/// same way (after normalisation) by every variant. Serialises to JSON with NaN written as null.
/// </summary>
public sealed record RobustnessReport
{
    public required string Arm { get; init; }

    /// <summary>Examples every variant answered: the base of every figure below.</summary>
    public required int Examples { get; init; }

    /// <summary>Examples the plan ran (before leaving out failed ones).</summary>
    public required int PlannedExamples { get; init; }

    /// <summary>Examples available before sampling for the budget.</summary>
    public required int AvailableExamples { get; init; }

    public bool Sampled => PlannedExamples < AvailableExamples;

    public required int Calls { get; init; }

    public required ImmutableArray<VariantScore> Variants { get; init; }

    public required Estimate Spread { get; init; }

    public string? BestVariant { get; init; }

    public string? WorstVariant { get; init; }

    public required Estimate Agreement { get; init; }

    /// <summary>Per perturbation kind, in the order the study lists them.</summary>
    public required ImmutableArray<PerturbationEffect> Perturbations { get; init; }

    /// <summary>The kind with the largest spread, or null when none moved the score.</summary>
    public string? MostSensitive { get; init; }

    public ImmutableArray<string> Notes { get; init; } = [];

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new NonFiniteAsNullConverter() },
        TypeInfoResolver = CoreJsonContext.Default,
    };

    /// <summary>An arm's robustness report, as the run store holds it.</summary>
    public static RunArtifact<RobustnessReport> Artifact { get; } = new(RunArtifacts.Robustness, TypedJson.Info<RobustnessReport>(JsonOptions));

    public string ToJson() => TypedJson.Serialize(this, JsonOptions);

    public static RobustnessReport FromJson(string json) =>
        TypedJson.Deserialize<RobustnessReport>(json, JsonOptions) ?? throw new JsonException("The robustness report is empty.");
}
