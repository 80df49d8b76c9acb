namespace Tunewise.Results;

/// <summary>General skills before and after fine-tuning on the same items; <see cref="Delta"/> is tuned − base with a paired 95% CI.</summary>
public sealed record ForgettingSummary(string Suite, int Items, double Base, double Tuned, double Delta, double CiLow, double CiHigh, double PValue);
