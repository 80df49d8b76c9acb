namespace Tunewise.Evaluation.Scoring.Judging;

/// <summary>The score range a judge answers in.</summary>
public enum JudgeScale
{
    /// <summary>Integer 1 (unacceptable) to 5 (exceptional); 4 or more passes.</summary>
    OneToFive,

    /// <summary>0 (fails the rubric) to 1 (meets it); 0.5 or more passes.</summary>
    ZeroToOne,
}
