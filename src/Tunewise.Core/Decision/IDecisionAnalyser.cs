namespace Tunewise.Decision;

/// <summary>Turns recorded measurements into the answer to one question of the decision procedure.</summary>
public interface IDecisionAnalyser
{
    /// <summary>A short stable id, e.g. <c>prompting</c>, used to tag conclusions.</summary>
    string Id { get; }

    QuestionFinding Analyse(StudyMeasurements measurements, DecisionThresholds thresholds);
}
