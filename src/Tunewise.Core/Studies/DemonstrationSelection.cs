namespace Tunewise.Studies;

/// <summary>How few-shot demonstrations are picked from the training examples.</summary>
public enum DemonstrationSelection
{
    Random,
    Stratified,
    Nearest,
}
