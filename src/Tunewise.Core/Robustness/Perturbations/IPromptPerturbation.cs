namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// A meaning-preserving change to a prompt: the task, the example's values and the gold answer stay
/// the same, only the surface moves. A perturbation is deterministic for a given setting.
/// </summary>
public interface IPromptPerturbation
{
    /// <summary>The name used in a study's <c>robustness.perturbations</c> list.</summary>
    string Name { get; }

    /// <summary>One sentence for reports: what the perturbation changes.</summary>
    string Description { get; }

    /// <summary>How many distinct settings exist for this prompt (0 when none applies, e.g. ordering one demonstration).</summary>
    int CountSettings(PromptVariantInput baseline);

    /// <summary>A short label for a setting, e.g. <c>" - "</c> or <c>UPPER</c>.</summary>
    string Describe(int setting);

    PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting);
}
