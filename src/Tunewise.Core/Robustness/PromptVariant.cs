using Microsoft.Extensions.AI;
using Tunewise.Data;
using Tunewise.Robustness.Perturbations;

namespace Tunewise.Robustness;

/// <summary>
/// One variant of the arm's prompt: the baseline (no perturbation) or one setting of one perturbation.
/// A variant changes one thing at a time, so a change in score can be laid at that perturbation's door.
/// </summary>
public sealed class PromptVariant
{
    private PromptVariant(RobustnessPrompt prompt, IPromptPerturbation? perturbation, PerturbationSetting setting)
    {
        Prompt = prompt;
        Perturbation = perturbation;
        Setting = setting;
        Name = perturbation is null ? BaselineName : $"{perturbation.Name} {setting.Index + 1}";
        Description = perturbation is null ? "the arm's prompt as written" : $"{perturbation.Name}: {perturbation.Describe(setting.Index)}";
    }

    public const string BaselineName = "baseline";

    public static PromptVariant Baseline(RobustnessPrompt prompt) => new(prompt, null, default);

    public static PromptVariant Of(RobustnessPrompt prompt, IPromptPerturbation perturbation, PerturbationSetting setting) =>
        new(prompt, perturbation ?? throw new ArgumentNullException(nameof(perturbation)), setting);

    /// <summary>Unique within a check: <c>baseline</c>, <c>separator 1</c>, <c>typos 2</c>.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>The perturbation's name, or null for the baseline.</summary>
    public string? Kind => Perturbation?.Name;

    public bool IsBaseline => Perturbation is null;

    public RobustnessPrompt Prompt { get; }

    public IPromptPerturbation? Perturbation { get; }

    public PerturbationSetting Setting { get; }

    /// <summary>The prompt this variant sends for <paramref name="example"/>, before rendering.</summary>
    public PromptVariantInput Prepare(Example example)
    {
        var input = Prompt.InputFor(example);
        return Perturbation is null ? input : Perturbation.Apply(input, Setting);
    }

    /// <summary>The messages this variant sends for <paramref name="example"/>.</summary>
    public IReadOnlyList<ChatMessage> Render(Example example) => VariantPromptRenderer.ToMessages(Prepare(example));

    public override string ToString() => $"{Name} ({Description})";
}
