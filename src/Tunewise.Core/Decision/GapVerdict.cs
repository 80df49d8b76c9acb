namespace Tunewise.Decision;

/// <summary>What kind of gap separates the best prompting arm from the requirement.</summary>
public enum GapVerdict
{
    /// <summary>No gap to explain: prompting is enough, or nothing was measured to compare.</summary>
    NotApplicable,

    /// <summary>Retrieval or the oracle context closes most of it: RAG.</summary>
    Knowledge,

    /// <summary>Most errors are format, label-set, shape or rubric failures, or fine-tuning closes it.</summary>
    Behaviour,

    Mixed,
}
