namespace Tunewise.Lab.Training;

/// <summary>What fine-tuning does with a training sequence (prompt and answer) longer than its limit.</summary>
public enum LongSequencePolicy
{
    /// <summary>Stop before training, naming the file, the line and the lengths of every sequence that does not fit.</summary>
    Refuse,

    /// <summary>Keep the answer and cut the start of the prompt until the sequence fits.</summary>
    Cut,
}
