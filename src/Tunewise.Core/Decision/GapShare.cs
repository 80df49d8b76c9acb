using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>
/// The share of the gap (target − best prompting) that one arm closes: (arm − prompting) / gap, with its
/// interval. <see cref="Method"/> says whether the interval is a paired bootstrap or an approximation.
/// </summary>
public sealed record GapShare(string Arm, ArmTechnique Technique, Estimate Share, string Method);
