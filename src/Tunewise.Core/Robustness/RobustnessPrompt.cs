using System.Collections.Immutable;
using Tunewise.Data;
using Tunewise.Robustness.Perturbations;
using Tunewise.Studies;

namespace Tunewise.Robustness;

/// <summary>
/// The prompting arm under test, as the robustness check varies it: its instruction, system part and
/// chosen demonstrations (fixed for the whole check, so only the surface changes between variants).
/// </summary>
public sealed record RobustnessPrompt
{
    public required string Arm { get; init; }
    public required TaskKind Kind { get; init; }

    /// <summary>The arm's template, or <see cref="InstructionBank.Default"/> when it has none.</summary>
    public required string Instruction { get; init; }

    public string? System { get; init; }
    public ImmutableArray<Example> Demonstrations { get; init; } = [];
    public required ImmutableArray<string> InputFields { get; init; }
    public required string ExpectedField { get; init; }
    public PromptFormat Format { get; init; } = PromptFormat.Default;

    /// <summary>The prompt of a study arm, with the demonstrations the runner selected for it.</summary>
    public static RobustnessPrompt For(ArmSpec arm, TaskSpec task, IEnumerable<Example>? demonstrations = null)
    {
        ArgumentNullException.ThrowIfNull(arm);
        ArgumentNullException.ThrowIfNull(task);
        return new RobustnessPrompt
        {
            Arm = arm.Name,
            Kind = task.Kind,
            Instruction = arm.Prompt.Template ?? InstructionBank.Default(task.Kind),
            System = arm.Prompt.System,
            Demonstrations = [.. demonstrations ?? []],
            InputFields = task.Input,
            ExpectedField = task.Expected,
        };
    }

    /// <summary>The unperturbed prompt for one example.</summary>
    public PromptVariantInput InputFor(Example example) => new()
    {
        Instruction = Instruction,
        System = System,
        Demonstrations = Demonstrations,
        Example = example,
        InputFields = InputFields,
        ExpectedField = ExpectedField,
        Format = Format,
    };
}
