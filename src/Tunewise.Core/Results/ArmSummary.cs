using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Evaluation.Errors;
using Tunewise.Prompting;
using Tunewise.Prompting.Optimization;
using Tunewise.Robustness;

namespace Tunewise.Results;

/// <summary>One arm's measured summary. <see cref="Status"/> is "completed", "partial" or "not_run".</summary>
public sealed record ArmSummary
{
    public required string Name { get; init; }
    public required string Model { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public IReadOnlyDictionary<string, MetricEstimate> Metrics { get; init; } = new Dictionary<string, MetricEstimate>();
    public int Examples { get; init; }
    public int Errors { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    /// <summary>Dollars spent; null when the model's price is unknown.</summary>
    public decimal? Cost { get; init; }
    /// <summary>Dollars per query; null when the price is unknown.</summary>
    public decimal? CostPerQuery { get; init; }
    /// <summary>Where the price behind <see cref="Cost"/> comes from (catalog, the study, or measured local compute).</summary>
    public string? CostSource { get; init; }
    /// <summary>One-off dollars before the arm can serve (training); 0 for prompting and retrieval, null when unknown.</summary>
    public decimal? OneOffCost { get; init; }
    public double? LatencyP50Ms { get; init; }
    public double? LatencyP95Ms { get; init; }
    /// <summary>Retrieval recall@k and MRR against the examples' gold documents; null for other arms or without gold ids.</summary>
    public RetrievalSummary? Retrieval { get; init; }
    /// <summary>Wrong answers (primary metric below 1) by cause; null when the arm did not run.</summary>
    public ErrorClassCounts? ErrorClasses { get; init; }

    /// <summary>The robustness check (spread, agreement, per-variant scores) when the study asked for one.</summary>
    public RobustnessReport? Robustness { get; init; }

    /// <summary>How a fine-tuning arm's model was trained, and what it forgot; null for other arms.</summary>
    public FineTuneSummary? FineTune { get; init; }

    /// <summary>How a baseline arm's classifier was trained; absent for other arms.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BaselineSummary? Baseline { get; init; }

    /// <summary>The prompt search behind an optimized arm: the chosen demonstrations, their dev score and every halving round.</summary>
    public OptimizationResult? Optimization { get; init; }

    /// <summary>How the arm's prompts and training sequences measured against its model's context; null when the window is unknown.</summary>
    public ArmContextFit? Context { get; init; }

    /// <summary>Score against training-set size (nested subsets), for a fine-tuning arm with <c>learning_curve</c>.</summary>
    public IReadOnlyList<LearningCurvePoint>? LearningCurve { get; init; }

    /// <summary>What the learning curve's smaller sizes predict at the full size, next to the measured score; null without two smaller sizes.</summary>
    public LearningCurvePrediction? LearningCurvePrediction { get; init; }

    /// <summary>What nested subsets, scored on dev, predicted for a large training set before it was trained on; null without a forecast.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FineTuneForecast? Forecast { get; init; }

    /// <summary>
    /// The primary metric's score on each frozen test example, in test order (NaN where the arm has none): the paired
    /// evidence the decision compares arms on. Not part of report.json, which states the estimates.
    /// </summary>
    [JsonIgnore]
    public ImmutableArray<double> PrimaryScores { get; init; } = [];

    /// <summary>Per-arm fields this version does not model, kept as written (see <see cref="StudySummary.Extensions"/>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
