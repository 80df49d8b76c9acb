using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Arms;

/// <summary>An arm ready to evaluate: its specification as it will run (an optimized prompt fixed, a learning-curve point named) and its model.</summary>
/// <param name="Client">A client the preparation built itself (a baseline arm's trained classifier); null means the model's own pipeline.</param>
public sealed record PreparedArm(ArmSpec Arm, ModelSpec Model, IChatClient? Client = null);
