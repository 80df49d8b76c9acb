namespace Tunewise.Decision;

/// <summary>Outcome of one practical warning check.</summary>
public enum CheckStatus
{
    Passed,
    Failed,
    CouldNotCheck,

    /// <summary>The check concerns fine-tuning and the study tuned nothing.</summary>
    NotApplicable,
}
