namespace Tunewise.Studies.Validation;

public enum ValidationSeverity
{
    /// <summary>The study cannot run.</summary>
    Error,

    /// <summary>The study can run, but something is probably not what the user meant.</summary>
    Warning,
}
