namespace Tunewise.Results;

/// <summary>
/// What the learning curve's smaller training sets predict for the full one: a power law on the error (1 − score)
/// against the number of training examples, fitted in log space, read at the full size. A prediction, reported next to
/// the measured score, never in its place.
/// </summary>
/// <param name="Metric">The primary metric the curve measures (higher is better, in [0, 1]).</param>
/// <param name="FittedSizes">The training-set sizes the fit used: every point of the curve below the full size.</param>
/// <param name="TrainExamples">The full training set the prediction is for.</param>
/// <param name="Exponent">b in error = a·n^(−b): how fast the error falls with more data; null without a fit.</param>
/// <param name="RSquared">R² of the log-log fit; null with two points, which fix the curve exactly.</param>
/// <param name="Predicted">The predicted score at <paramref name="TrainExamples"/>; null when the curve predicts nothing.</param>
/// <param name="Measured">The score measured at the full size, when it was trained.</param>
/// <param name="Strength">fit, weak (a prediction to read with care; <paramref name="Note"/> says why) or none.</param>
/// <param name="Note">One sentence on the fit, for the report.</param>
public sealed record LearningCurvePrediction(
    string Metric,
    IReadOnlyList<int> FittedSizes,
    int TrainExamples,
    double? Exponent,
    double? RSquared,
    double? Predicted,
    double? Measured,
    string Strength,
    string Note)
{
    public const string Method = "power law: error = a * n^-b, least squares on log(1 - score) against log(n)";
}
