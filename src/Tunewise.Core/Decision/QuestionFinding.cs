using System.Collections.Immutable;

namespace Tunewise.Decision;

/// <summary>
/// The answer to one of the four questions: a short <see cref="Answer"/>, the <see cref="Reasoning"/> with
/// the numbers behind it, and conclusions (hints, warnings, errors) for the report.
/// </summary>
public abstract record QuestionFinding
{
    public required int Number { get; init; }

    public required string Question { get; init; }

    public required string Answer { get; init; }

    public required string Reasoning { get; init; }

    public ImmutableArray<Conclusion> Conclusions { get; init; } = [];
}
