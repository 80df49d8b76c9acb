namespace Tunewise.Studies;

/// <summary>The family an arm belongs to, as the decision procedure groups them.</summary>
public enum ArmKind
{
    Prompting,
    Retrieval,
    FineTuning,
}
