namespace Tunewise.FineTuning.Running;

/// <summary>Why an arm's training failed, as the run store keeps it until a rerun trains the arm.</summary>
public sealed record FineTuneFailure(string Arm, string Message, string? Log);
