namespace Tunewise.Decision;

/// <summary>Families of <see cref="ArmTechnique"/> the four questions reason about.</summary>
public static class ArmTechniques
{
    public static bool IsPrompting(this ArmTechnique technique) => technique is ArmTechnique.ZeroShot or ArmTechnique.FewShot
        or ArmTechnique.ChainOfThought or ArmTechnique.FormatConstrained or ArmTechnique.Optimized;

    public static bool IsTrained(this ArmTechnique technique) => technique is ArmTechnique.FineTuned or ArmTechnique.Distilled;

    /// <summary>An arm that could go to production; the oracle-context arm only measures a ceiling.</summary>
    public static bool IsDeployable(this ArmTechnique technique) => technique != ArmTechnique.OracleContext;
}
