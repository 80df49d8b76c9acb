namespace Tunewise.Studies;

/// <summary>
/// What an arm does when a prompt (or a training sequence) does not fit its model's context window (the arm's
/// <c>truncate:</c>). No policy lets the model be scored on text it could not see.
/// </summary>
public enum TruncatePolicy
{
    /// <summary>
    /// The default: drop the fewest demonstrations each prompt needs to fit. If a prompt still does not fit, the arm is
    /// not run, and is reported as not run with the longest prompt and the limit.
    /// </summary>
    Demonstrations,

    /// <summary>Drop demonstrations, then cut the input text to fit, keeping its start (later input fields are cut first).</summary>
    Input,

    /// <summary>
    /// Drop demonstrations, then leave out the examples that still do not fit: no call is made for them and each is
    /// recorded as a failed call (an error, which scores as wrong), so the arm's errors count them.
    /// </summary>
    Skip,

    /// <summary>Any prompt or training sequence over the limit is an error: <c>study check</c> and <c>run</c> exit 1.</summary>
    Error,
}
