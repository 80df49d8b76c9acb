using System.Collections.Immutable;

namespace Tunewise.Studies.Validation;

/// <summary>Runs several validators and returns all their findings, in file order.</summary>
public sealed class CompositeStudyValidator : IStudyValidator
{
    public CompositeStudyValidator(IEnumerable<IStudyValidator> validators) => Validators = [.. validators];

    public CompositeStudyValidator(params IStudyValidator[] validators) => Validators = [.. validators];

    public ImmutableArray<IStudyValidator> Validators { get; }

    public IEnumerable<ValidationError> Validate(Study study, StudyValidationContext context) =>
        Validators.SelectMany(v => v.Validate(study, context))
            .OrderBy(e => e.Line)
            .ThenBy(e => e.Column);
}
