using System.Collections.Immutable;
using Tunewise.Data;

namespace Tunewise.Robustness;

/// <summary>
/// Everything that makes up one prompt for one example, in a form perturbations can rewrite: the
/// instruction template, the system part, the ordered demonstrations, the example itself, the fields
/// shown and the gold field, and the layout. <see cref="VariantPromptRenderer"/> turns it into messages.
/// </summary>
public sealed record PromptVariantInput
{
    /// <summary>The instruction; <c>{{field}}</c> places a field of the example, as in a study's template.</summary>
    public required string Instruction { get; init; }

    public string? System { get; init; }

    /// <summary>Few-shot demonstrations, in the order they are shown.</summary>
    public ImmutableArray<Example> Demonstrations { get; init; } = [];

    /// <summary>The example being asked about. Its gold field is never shown.</summary>
    public required Example Example { get; init; }

    /// <summary>Fields shown to the model, in order.</summary>
    public required ImmutableArray<string> InputFields { get; init; }

    /// <summary>The gold field: shown for demonstrations, asked for the example.</summary>
    public required string ExpectedField { get; init; }

    public PromptFormat Format { get; init; } = PromptFormat.Default;

    /// <summary>Sentences placed just before the example's input (distractors).</summary>
    public ImmutableArray<string> Preamble { get; init; } = [];
}
