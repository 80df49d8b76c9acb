using System.Globalization;
using System.Text.RegularExpressions;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// 1 when the first number in the output is within tolerance of the first number in the gold value:
/// |answer − gold| ≤ max(absolute, relative · |gold|). Thousands separators ("1,234.5") are understood.
/// </summary>
public sealed partial class NumericScorer : ScorerBase
{
    public NumericScorer(double absoluteTolerance = 1e-6, double relativeTolerance = 0) : base("numeric")
    {
        if (absoluteTolerance < 0 || relativeTolerance < 0 || !double.IsFinite(absoluteTolerance) || !double.IsFinite(relativeTolerance))
            throw new UserInputException($"The numeric metric's tolerances must be finite and non-negative (got absolute {absoluteTolerance}, relative {relativeTolerance}).");
        AbsoluteTolerance = absoluteTolerance;
        RelativeTolerance = relativeTolerance;
    }

    public double AbsoluteTolerance { get; }

    public double RelativeTolerance { get; }

    public override ScoreResult Score(ScoreRequest request)
    {
        if (request.Expected is null)
            return NoExpected();
        if (FirstNumber(request.Expected) is not { } expected)
            return ScoreResult.Unscorable($"the expected value \"{ExactMatchScorer.Shorten(request.Expected)}\" contains no number");
        if (FirstNumber(request.Output) is not { } actual)
            return ScoreResult.Binary(false, "no number in the output", new Dictionary<string, object> { ["expected_number"] = expected });

        var tolerance = Math.Max(AbsoluteTolerance, RelativeTolerance * Math.Abs(expected));
        var distance = Math.Abs(actual - expected);
        var details = new Dictionary<string, object> { ["expected_number"] = expected, ["output_number"] = actual, ["distance"] = distance };
        var within = distance <= tolerance;
        return ScoreResult.Binary(within, within ? null : string.Create(CultureInfo.InvariantCulture, $"expected {expected}, got {actual} (off by {distance:G6}, tolerance {tolerance:G6})"), details);
    }

    /// <summary>The first number written in the text, or null.</summary>
    public static double? FirstNumber(string text)
    {
        var match = Number().Match(text);
        if (!match.Success)
            return null;
        var literal = match.Value.Replace(",", "", StringComparison.Ordinal).Replace('−', '-');
        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex(@"[-+−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
