namespace Tunewise.Results;

/// <summary>One point of a learning curve: the arm trained on <see cref="Fraction"/> of its data, scored on the full test set.</summary>
public sealed record LearningCurvePoint(double Fraction, int TrainExamples, string Metric, double? Value, double? CiLow, double? CiHigh, int N);
