namespace Tunewise.Decision;

/// <summary>Presets of decision analysers.</summary>
public static class DecisionAnalysers
{
    /// <summary>The four questions of the decision procedure, in the order it asks them, after the baseline's question before them.</summary>
    public static CompositeDecisionAnalyser Default { get; } =
        new(new BaselineAnalyser(), new PromptingAnalyser(), new GapAnalyser(), new CostAnalyser(), new SmallModelAnalyser());
}
