namespace Tunewise.Decision;

/// <summary>An arm the study declared but did not run, with its reason (e.g. its prompts do not fit its model's context).</summary>
public sealed record NotRunArm(string Name, ArmTechnique Technique, string Reason)
{
    /// <summary>Whether the arm was left out because its prompts or training sequences do not fit its model's context.</summary>
    public bool ForContext => Reason.StartsWith("not run: context", StringComparison.Ordinal);
}
