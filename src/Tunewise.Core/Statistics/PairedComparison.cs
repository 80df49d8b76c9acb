using System.Globalization;

namespace Tunewise.Statistics;

/// <summary>
/// Two arms measured on the same examples. <see cref="Difference"/> is A − B on the metric, with its
/// paired bootstrap interval. The verdict names a better arm only when the interval excludes 0 and the
/// (adjusted, if any) p-value is below alpha; otherwise it says the study could not tell them apart and
/// gives the smallest difference it could have detected.
/// </summary>
public sealed record PairedComparison(
    string ArmA,
    string ArmB,
    string Metric,
    Estimate Difference,
    double PValue,
    string Test,
    double? MinimumDetectableEffect,
    double Alpha,
    double Power,
    bool HigherIsBetter)
{
    /// <summary>Examples only A got right (binary scores only).</summary>
    public int? OnlyACorrect { get; init; }

    /// <summary>Examples only B got right (binary scores only).</summary>
    public int? OnlyBCorrect { get; init; }

    /// <summary>The p-value after a multiple-comparison adjustment (Holm–Bonferroni), when this comparison is one of a family.</summary>
    public double? AdjustedPValue { get; init; }

    public double EffectivePValue => AdjustedPValue ?? PValue;

    public ComparisonVerdict Verdict
    {
        get
        {
            var excludesZero = Difference.CiLow > 0 || Difference.CiHigh < 0;
            if (!excludesZero || !(EffectivePValue < Alpha))
                return ComparisonVerdict.NoDetectableDifference;
            var aHigher = Difference.Value > 0 && Difference.CiLow > 0;
            var aLower = Difference.Value < 0 && Difference.CiHigh < 0;
            if (!aHigher && !aLower)
                return ComparisonVerdict.NoDetectableDifference;
            return aHigher == HigherIsBetter ? ComparisonVerdict.ABetter : ComparisonVerdict.BBetter;
        }
    }

    /// <summary>One line a reader can act on, e.g. "few-shot better than zero-shot on accuracy: +0.042 (95% CI +0.012 to +0.071), exact McNemar p = 0.006".</summary>
    public string Summary
    {
        get
        {
            var level = (1 - Alpha).ToString("0.##%", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
            var evidence = $"{Signed(Difference.Value)} ({ArmA} − {ArmB}, {level} CI {Signed(Difference.CiLow)} to {Signed(Difference.CiHigh)}, n = {Difference.N}), {Test} p = {FormatP(PValue)}"
                + (AdjustedPValue is { } adjusted ? $", Holm-adjusted p = {FormatP(adjusted)}" : "");
            return Verdict switch
            {
                ComparisonVerdict.ABetter => $"{ArmA} better than {ArmB} on {Metric}: {evidence}",
                ComparisonVerdict.BBetter => $"{ArmB} better than {ArmA} on {Metric}: {evidence}",
                _ => $"no detectable difference between {ArmA} and {ArmB} on {Metric}: {evidence}; " + (MinimumDetectableEffect is { } mde
                    ? $"this study could detect a difference of about {mde.ToString("0.###", CultureInfo.InvariantCulture)} or more ({Power:0%} power, α = {Alpha.ToString("0.###", CultureInfo.InvariantCulture)})"
                    : "this study has too few disagreements between the arms to detect a difference of any size"),
            };
        }
    }

    private static string Signed(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    private static string FormatP(double p) =>
        p < 0.001 ? "< 0.001" : p.ToString("0.###", CultureInfo.InvariantCulture);
}
