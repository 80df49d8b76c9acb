using System.Collections.Immutable;
using Tunewise.Studies.Validation;

namespace Tunewise.Studies;

/// <summary>
/// The outcome of checking a study file: every finding, and the study itself when it has no errors
/// (warnings do not stop a study).
/// </summary>
public sealed record StudyCheckResult(Study? Study, ImmutableArray<ValidationError> Findings)
{
    public bool IsValid => Study is not null && !Findings.Any(f => f.IsError);

    public IEnumerable<ValidationError> Errors => Findings.Where(f => f.IsError);

    public IEnumerable<ValidationError> Warnings => Findings.Where(f => !f.IsError);

    /// <summary>The study, or a <see cref="StudyValidationException"/> listing every finding.</summary>
    public Study GetStudyOrThrow() => IsValid ? Study! : throw new StudyValidationException(Findings);
}
