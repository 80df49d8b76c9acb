namespace Tunewise.Studies.Validation;

/// <summary>Checks a study's <c>robustness:</c> section before anything runs: known keys, perturbation names and ranges.</summary>
public sealed class RobustnessValidator : IStudyValidator
{
    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context)
    {
        var errors = new List<ValidationError>();
        RobustnessOptions.Read(study, errors);
        return errors;
    }
}
