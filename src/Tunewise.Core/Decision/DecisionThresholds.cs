using System.Collections.Immutable;
using System.Globalization;
using Tunewise.Studies;
using Tunewise.Studies.Validation;

namespace Tunewise.Decision;

/// <summary>
/// The numbers the decision procedure compares against. A study overrides any of them in its
/// <c>decision:</c> map by the snake_case names in <see cref="Names"/>; docs/decision.md explains each.
/// </summary>
public sealed record DecisionThresholds
{
    public static DecisionThresholds Default { get; } = new();

    /// <summary>Share of the gap a retrieval or oracle-context arm must close to call the gap knowledge.</summary>
    public double KnowledgeGapClosed { get; init; } = 0.5;

    /// <summary>Share of the best prompting arm's wrong answers that must be behaviour failures to call the gap behaviour.</summary>
    public double BehaviourErrorShare { get; init; } = 0.5;

    /// <summary>Share of the gap a fine-tuned arm must close to call the gap behaviour.</summary>
    public double FineTuneGapClosed { get; init; } = 0.5;

    /// <summary>Months over which one-off costs (training, optimization) are spread.</summary>
    public int HorizonMonths { get; init; } = 12;

    /// <summary>How much worse (metric units) a small fine-tuned model may be and still count as not worse.</summary>
    public double NonInferiorityMargin { get; init; } = 0.02;

    /// <summary>Lower bound − target needed for high confidence.</summary>
    public double ConfidenceMargin { get; init; } = 0.02;

    /// <summary>Widest CI (high − low) compatible with high confidence; twice this makes confidence low.</summary>
    public double ConfidenceCiWidth { get; init; } = 0.10;

    /// <summary>Significance level of paired comparisons; intervals are 1 − alpha.</summary>
    public double Alpha { get; init; } = 0.05;

    public static ImmutableArray<string> Names { get; } =
    [
        "knowledge_gap_closed", "behaviour_error_share", "finetune_gap_closed", "horizon_months",
        "non_inferiority_margin", "confidence_margin", "confidence_ci_width", "alpha",
    ];

    /// <summary>
    /// Defaults overridden by a study's <c>decision:</c> map. An unknown name or an out-of-range value is a
    /// <see cref="UserInputException"/> located in the study file.
    /// </summary>
    public static DecisionThresholds From(IReadOnlyDictionary<string, double> overrides, StudySource? source = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var thresholds = Default;
        foreach (var (name, value) in overrides.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            string Where() => source is null ? "study" : source.Locate($"decision.{name}").ToString();
            double Share()
            {
                if (!(value >= 0 && value <= 1))
                    throw new UserInputException($"{Where()}: decision.{name} must be a share between 0 and 1, got {Format(value)}.");
                return value;
            }
            double Positive()
            {
                if (!(value > 0 && double.IsFinite(value)))
                    throw new UserInputException($"{Where()}: decision.{name} must be a positive number, got {Format(value)}.");
                return value;
            }
            thresholds = name switch
            {
                "knowledge_gap_closed" => thresholds with { KnowledgeGapClosed = Share() },
                "behaviour_error_share" => thresholds with { BehaviourErrorShare = Share() },
                "finetune_gap_closed" => thresholds with { FineTuneGapClosed = Share() },
                "horizon_months" => value >= 1 && value == Math.Floor(value) && value <= 1200
                    ? thresholds with { HorizonMonths = (int)value }
                    : throw new UserInputException($"{Where()}: decision.horizon_months must be a whole number of months from 1 to 1200, got {Format(value)}."),
                "non_inferiority_margin" => thresholds with { NonInferiorityMargin = Share() },
                "confidence_margin" => thresholds with { ConfidenceMargin = Share() },
                "confidence_ci_width" => thresholds with { ConfidenceCiWidth = Positive() },
                "alpha" => value > 0 && value < 0.5
                    ? thresholds with { Alpha = value }
                    : throw new UserInputException($"{Where()}: decision.alpha must lie strictly between 0 and 0.5, e.g. 0.05, got {Format(value)}."),
                _ => throw new UserInputException(
                    $"{(source is null ? "study" : source.LocateKey($"decision.{name}").ToString())}: unknown decision threshold '{name}'{DidYouMean.Hint(name, Names)}. Known thresholds: {string.Join(", ", Names)}."),
            };
        }
        return thresholds;
    }

    /// <summary>The thresholds of a study: defaults overridden by its <c>decision:</c> map.</summary>
    public static DecisionThresholds From(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return From(study.Decision, study.Source);
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
