using System.Collections.Immutable;

namespace Tunewise.Studies.Validation;

/// <summary>A study with one or more errors. The message lists every problem, one per line, in file order.</summary>
public sealed class StudyValidationException : UserInputException
{
    public StudyValidationException(IEnumerable<ValidationError> errors)
        : this([.. errors])
    {
    }

    private StudyValidationException(ImmutableArray<ValidationError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, warnings included.</summary>
    public ImmutableArray<ValidationError> Errors { get; }
}
