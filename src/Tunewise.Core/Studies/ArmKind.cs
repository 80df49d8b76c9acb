namespace Tunewise.Studies;

/// <summary>The family an arm belongs to, as the decision procedure groups them.</summary>
public enum ArmKind
{
    Prompting,
    Retrieval,
    FineTuning,

    /// <summary>A classical classifier, no language model: the bar every LLM arm is measured against.</summary>
    Baseline,
}
