namespace Tunewise.Evaluation.Errors;

/// <summary>Why an answer was wrong. The first four are behaviour failures; <see cref="ContentError"/> is a knowledge failure.</summary>
public enum ErrorClass
{
    /// <summary>JSON was expected but the answer is not parseable JSON.</summary>
    FormatViolation,

    /// <summary>A classification answer that is not one of the labels.</summary>
    LabelOutsideSet,

    /// <summary>Valid JSON with missing or extra fields compared with the expected JSON.</summary>
    WrongShape,

    /// <summary>A judge-scored metric (rubric, style) marked the answer down.</summary>
    RubricOrStyle,

    /// <summary>Well-formed but wrong.</summary>
    ContentError,
}
