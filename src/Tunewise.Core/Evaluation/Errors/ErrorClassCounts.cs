namespace Tunewise.Evaluation.Errors;

/// <summary>
/// Wrong answers of one arm by cause. The first four are behaviour failures (the model knew but answered in
/// the wrong form); <see cref="ContentError"/> is a knowledge failure (wrong facts, wrong label on content).
/// </summary>
public sealed record ErrorClassCounts(int FormatViolation, int LabelOutsideSet, int WrongShape, int RubricOrStyle, int ContentError)
{
    public int Behaviour => FormatViolation + LabelOutsideSet + WrongShape + RubricOrStyle;

    public int Total => Behaviour + ContentError;

    /// <summary>Share of wrong answers that are behaviour failures, or null when there are none.</summary>
    public double? BehaviourShare => Total == 0 ? null : (double)Behaviour / Total;
}
