namespace Tunewise.Studies.Validation;

/// <summary>
/// A check that runs on a study before anything expensive: no model calls, no data loading.
/// Yields every problem it finds rather than stopping at the first.
/// </summary>
public interface IStudyValidator
{
    IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context);
}
