using Tunewise.Studies;

namespace Tunewise.Arms;

/// <summary>An arm ready to evaluate: its specification as it will run (an optimized prompt fixed, a learning-curve point named) and its model.</summary>
public sealed record PreparedArm(ArmSpec Arm, ModelSpec Model);
