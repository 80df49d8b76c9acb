using System.Collections.Immutable;

namespace Tunewise.Robustness.Perturbations;

/// <summary>Inserts an irrelevant sentence just before the input: a model that follows the task ignores it.</summary>
public sealed class DistractorPerturbation : IPromptPerturbation
{
    public static ImmutableArray<string> BuiltIn { get; } =
    [
        "Note: the weather today is sunny.",
        "By the way, the office closes early on Fridays.",
        "Remember that the library reopened last spring.",
    ];

    public DistractorPerturbation(IEnumerable<string> sentences) => Sentences = [.. sentences];

    public ImmutableArray<string> Sentences { get; }

    public string Name => "distractor";

    public string Description => "an irrelevant sentence inserted before the input";

    public int CountSettings(PromptVariantInput baseline) => Sentences.Length;

    public string Describe(int setting) => $"\"{Sentences[setting]}\"";

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting) =>
        input with { Preamble = input.Preamble.Add(Sentences[setting.Index]) };
}
