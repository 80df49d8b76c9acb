namespace Tunewise.Evaluation.Running;

/// <summary>Wall-clock seconds an arm's calls took and how many succeeded, summed over resumed sessions: what an in-process model's cost per query is priced from.</summary>
internal sealed record ArmCompute(double Seconds, int Calls);
