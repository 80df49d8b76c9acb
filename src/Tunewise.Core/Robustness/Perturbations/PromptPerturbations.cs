using System.Collections.Immutable;
using Tunewise.Studies;

namespace Tunewise.Robustness.Perturbations;

/// <summary>The built-in perturbations by name, as a study's <c>robustness.perturbations</c> lists them.</summary>
public static class PromptPerturbations
{
    /// <summary>Every perturbation name, in the order variants are spread across them (the study file's list).</summary>
    public static ImmutableArray<string> Names => RobustnessOptions.PerturbationNames;

    /// <summary>The perturbation named <paramref name="name"/>, configured from the study's options for a task kind.</summary>
    public static IPromptPerturbation Create(string name, RobustnessOptions options, TaskKind kind) => name switch
    {
        "separator" => new SeparatorPerturbation(),
        "case" => new LabelCasePerturbation(),
        "synonyms" => new LabelSynonymPerturbation(),
        "whitespace" => new WhitespacePerturbation(),
        "order" => new DemonstrationOrderPerturbation(),
        "paraphrase" => new InstructionParaphrasePerturbation(InstructionBank.Paraphrases(kind).AddRange(options.Instructions)),
        "typos" => new TypoPerturbation(options.TypoRate),
        "distractor" => new DistractorPerturbation(DistractorPerturbation.BuiltIn.AddRange(options.Distractors)),
        _ => throw new ArgumentException($"Unknown perturbation '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
