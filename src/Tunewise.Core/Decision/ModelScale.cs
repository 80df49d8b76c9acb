namespace Tunewise.Decision;

/// <summary>Whether an arm's model is the study's small or large candidate (question 4).</summary>
public enum ModelScale
{
    Unknown,
    Small,
    Large,
}
