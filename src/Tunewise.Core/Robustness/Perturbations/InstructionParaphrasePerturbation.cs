using System.Collections.Immutable;

namespace Tunewise.Robustness.Perturbations;

/// <summary>
/// Replaces the instruction by a rephrasing: the built-in ones for the task kind, then the study's own
/// (<c>robustness.instructions</c>). A rephrasing without <c>{{field}}</c> placeholders leaves the fields
/// to the labelled block, so every value still reaches the model.
/// </summary>
public sealed class InstructionParaphrasePerturbation : IPromptPerturbation
{
    public InstructionParaphrasePerturbation(IEnumerable<string> instructions) => Instructions = [.. instructions];

    public ImmutableArray<string> Instructions { get; }

    public string Name => "paraphrase";

    public string Description => "paraphrased instruction (built-in rephrasings per task kind and the study's own)";

    public int CountSettings(PromptVariantInput baseline) => Instructions.Count(i => i != baseline.Instruction);

    public string Describe(int setting) => $"instruction {setting + 1}";

    public PromptVariantInput Apply(PromptVariantInput input, PerturbationSetting setting) =>
        input with { Instruction = Instructions.Where(i => i != input.Instruction).ElementAt(setting.Index) };
}
