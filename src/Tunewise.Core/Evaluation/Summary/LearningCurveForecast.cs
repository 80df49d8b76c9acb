using System.Globalization;
using Tunewise.Results;
using Tunewise.Statistics;

namespace Tunewise.Evaluation.Summary;

/// <summary>
/// Reads a learning curve's smaller training sets forward to the full one (<see cref="LearningCurvePrediction"/>).
/// The fit is called weak when nothing checks it (two points fix a power law exactly) and the two scores' intervals
/// overlap, when three or more points leave R² below <see cref="MinRSquared"/>, or when the full size is more than
/// <see cref="MaxExtrapolation"/> times the largest fitted one. A curve whose error does not fall predicts nothing.
/// </summary>
public static class LearningCurveForecast
{
    public const double MinRSquared = 0.8;

    public const double MaxExtrapolation = 10;

    /// <summary>The prediction at the curve's largest size from its smaller ones; null without two smaller sizes.</summary>
    public static LearningCurvePrediction? Predict(IReadOnlyList<LearningCurvePoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var scored = curve.Where(p => p.Value is >= 0 and <= 1).ToList();
        if (scored.Count == 0) return null;
        var full = scored.MaxBy(p => p.TrainExamples)!;
        return Predict(scored, full.TrainExamples, full.Metric, full.Value);
    }

    /// <summary>
    /// The prediction at <paramref name="fullSize"/> training examples from points measured below it, before (or without)
    /// a measurement there; <paramref name="measured"/> is the score at the full size when there is one. Null without two sizes.
    /// </summary>
    public static LearningCurvePrediction? Predict(IReadOnlyList<LearningCurvePoint> points, int fullSize, string metric, double? measured = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentException.ThrowIfNullOrEmpty(metric);
        // One point per size (the largest fraction wins a tie), below the full size.
        var smaller = points.Where(p => p.Value is >= 0 and <= 1 && p.TrainExamples < fullSize)
            .GroupBy(p => p.TrainExamples).Select(g => g.Last()).OrderBy(p => p.TrainExamples).ToList();
        if (smaller.Count < 2) return null;
        var sizes = smaller.Select(p => p.TrainExamples).ToList();
        // A perfect score counts as half an error on its test set, so the logarithm stays finite.
        var fit = PowerLawFit.Fit([.. smaller.Select(p => ((double)p.TrainExamples, Math.Max(1 - p.Value!.Value, 0.5 / Math.Max(1, p.N))))]);
        if (fit is null || !(fit.B > 0))
            return new LearningCurvePrediction(metric, sizes, fullSize, fit?.B, NullIfNaN(fit?.RSquared), null, measured, "none",
                $"no prediction: the error did not fall from {Sizes(sizes)} training examples, so the curve says nothing about {fullSize}");

        var predicted = Math.Clamp(1 - fit.At(fullSize), 0, 1);
        var ratio = fullSize / (double)sizes[^1];
        string? weak = null;
        if (fit.Points == 2 && Overlap(smaller[0], smaller[1]))
            weak = "two points fix the curve exactly and their intervals overlap, so its slope is not measured";
        else if (fit.Points >= 3 && fit.RSquared < MinRSquared)
            weak = string.Create(CultureInfo.InvariantCulture, $"the points do not lie on a power law (R² {fit.RSquared:0.00} < {MinRSquared:0.0})");
        else if (ratio > MaxExtrapolation)
            weak = string.Create(CultureInfo.InvariantCulture, $"it reaches {ratio:0.#} times beyond the largest size measured");
        var from = $"a power law on the error over {Sizes(sizes)} training examples";
        return new LearningCurvePrediction(metric, sizes, fullSize, Math.Round(fit.B, 4), NullIfNaN(fit.RSquared) is { } r ? Math.Round(r, 4) : null,
            Math.Round(predicted, 4), measured, weak is null ? "fit" : "weak",
            weak is null ? $"predicted from {from}" : $"weak prediction from {from}: {weak}");
    }

    private static bool Overlap(LearningCurvePoint a, LearningCurvePoint b) =>
        a.CiLow is { } aLow && a.CiHigh is { } aHigh && b.CiLow is { } bLow && b.CiHigh is { } bHigh
            ? aLow <= bHigh && bLow <= aHigh
            : true;

    private static double? NullIfNaN(double? value) => value is { } v && double.IsNaN(v) ? null : value;

    private static string Sizes(IReadOnlyList<int> sizes) => sizes.Count == 1
        ? sizes[0].ToString(CultureInfo.InvariantCulture)
        : string.Join(", ", sizes.Take(sizes.Count - 1).Select(s => s.ToString(CultureInfo.InvariantCulture))) + " and " + sizes[^1].ToString(CultureInfo.InvariantCulture);
}
