namespace Tunewise.Architecture.Tests;

/// <summary>Which <see cref="Stage"/> each Core namespace belongs to.</summary>
internal static class Stages
{
    /// <summary>
    /// The compile-time JSON metadata (one source-generated context for the native build) names types of every stage,
    /// as a composition root does. It is not a stage: it is left out as a source, and a path through it is not a reach.
    /// </summary>
    public const string Serialization = "Tunewise.Serialization";

    // Longest prefix first: the prompt optimizer scores candidate prompts on dev, which is measurement.
    private static readonly (string Namespace, Stage Stage)[] Map =
    [
        ("Tunewise.Prompting.Optimization", Stage.Measurement),
        ("Tunewise.Running", Stage.Orchestration),
        // Arm preparation optimizes prompts on dev (measurement) and fine-tunes (arms and models) before the test run.
        ("Tunewise.Arms", Stage.Measurement),
        // The results records: what measurement produces and the decision and reports read.
        ("Tunewise.Results", Stage.Measurement),
        // Fine-tuning runs train a model and measure what it forgot, as arm preparation before the test run.
        ("Tunewise.FineTuning.Running", Stage.Measurement),
        ("Tunewise.Studies", Stage.StudyAndData),
        ("Tunewise.Data", Stage.StudyAndData),
        ("Tunewise.Storage", Stage.RunStore),
        ("Tunewise.Models", Stage.ArmsAndModels),
        ("Tunewise.Prompting", Stage.ArmsAndModels),
        ("Tunewise.Retrieval", Stage.ArmsAndModels),
        ("Tunewise.FineTuning", Stage.ArmsAndModels),
        ("Tunewise.Evaluation", Stage.Measurement),
        ("Tunewise.Robustness", Stage.Measurement),
        ("Tunewise.Economics", Stage.EconomicsAndDecision),
        ("Tunewise.Decision", Stage.EconomicsAndDecision),
        ("Tunewise.Reports", Stage.Reports),
        ("Tunewise.Progress", Stage.Foundation),
        ("Tunewise.Statistics", Stage.Foundation),
    ];

    /// <summary>Every top-level Core namespace the map knows, so a new folder must be placed before it can pass.</summary>
    public static IEnumerable<string> Known => Map.Select(m => m.Namespace).Append(Serialization).Append("Tunewise");

    /// <summary>The stage of a Core namespace; null for the JSON metadata and for compiler-generated types.</summary>
    public static Stage? Of(string @namespace)
    {
        if (@namespace == "Tunewise")
            return Stage.Foundation;
        if (Within(@namespace, Serialization) || @namespace.Length == 0)
            return null;
        foreach (var (prefix, stage) in Map)
        {
            if (Within(@namespace, prefix))
                return stage;
        }
        throw new InvalidOperationException($"Namespace '{@namespace}' has no stage; add it to {nameof(Stages)}.{nameof(Map)}.");
    }

    public static bool Within(string @namespace, string prefix) =>
        @namespace == prefix || @namespace.StartsWith(prefix + ".", StringComparison.Ordinal);
}
