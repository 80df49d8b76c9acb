namespace Tunewise.Studies;

/// <summary>
/// What an arm restricts its model's output to (<c>constrain: labels</c>): decoding that can only produce one of the task's
/// labels. It is a prompting technique of its own (format-constrained), measured beside the unconstrained arms, never on
/// unless the study asks for it.
/// </summary>
public enum OutputConstraint
{
    Labels,
}
