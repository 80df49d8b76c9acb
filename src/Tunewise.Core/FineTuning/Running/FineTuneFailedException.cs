namespace Tunewise.FineTuning.Running;

/// <summary>
/// Training one arm failed in a way the study can survive: an external trainer's command exited with an error or left
/// no model. The fine-tuning stage records it as the arm's reason and the study's other arms go on.
/// </summary>
public sealed class FineTuneFailedException(string arm, string message, string? log) : UserInputException(message)
{
    public string Arm { get; } = arm;

    /// <summary>The file the trainer's output went to, if there is one.</summary>
    public string? Log { get; } = log;
}
