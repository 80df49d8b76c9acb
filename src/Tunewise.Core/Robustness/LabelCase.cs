namespace Tunewise.Robustness;

/// <summary>How field labels are written in a rendered prompt.</summary>
public enum LabelCase
{
    /// <summary>As given, first letter upper case: <c>Input</c>.</summary>
    Title,
    Lower,
    Upper,
}
