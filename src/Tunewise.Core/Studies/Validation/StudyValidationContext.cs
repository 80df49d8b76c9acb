namespace Tunewise.Studies.Validation;

/// <summary>
/// What a caller knows beyond the study itself. <see cref="DataFields"/> are the field names found in
/// the task's data (for example a CSV header); when null, checks that need them are skipped.
/// </summary>
public sealed record StudyValidationContext(IReadOnlySet<string>? DataFields = null)
{
    public static StudyValidationContext Empty { get; } = new();

    /// <summary>Whether to check that data, train, dev, test and documents exist on disk.</summary>
    public bool CheckFiles { get; init; } = true;

    /// <summary>The GPUs an external trainer's <c>finetune.gpu</c> may name (the planner's catalog); when null, the name is checked when the arm trains.</summary>
    public IReadOnlyList<string>? GpuNames { get; init; }
}
