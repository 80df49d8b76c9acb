namespace Tunewise.Studies;

/// <summary>
/// How an arm prompts its model. A null <see cref="Template"/> means the default template for the
/// task kind. <c>{{field}}</c> in a template is replaced by that field of the example; see
/// <see cref="PromptPlaceholders"/> for the names Tunewise fills itself.
/// </summary>
public sealed record PromptSpec
{
    public static PromptSpec Default { get; } = new();

    public string? Template { get; init; }
    public string? System { get; init; }
    public int FewShot { get; init; }
    public DemonstrationSelection Select { get; init; } = DemonstrationSelection.Random;
    public DemonstrationOrder Order { get; init; } = DemonstrationOrder.Fixed;
    public bool ChainOfThought { get; init; }

    /// <summary>
    /// Completion mode (<c>raw: true</c>), for base models: the rendered prompt (system text first, when given) is sent as
    /// plain text to continue, with no chat template; <c>/v1/completions</c> on OpenAI-compatible servers.
    /// </summary>
    public bool Raw { get; init; }
    public ResponseFormat ResponseFormat { get; init; } = ResponseFormat.Text;

    /// <summary>An inline JSON Schema (as JSON text) for <see cref="ResponseFormat.JsonSchema"/>.</summary>
    public string? Schema { get; init; }

    /// <summary>Fixed demonstrations by example id, in order (an optimized prompt); overrides <see cref="Select"/>.</summary>
    public System.Collections.Immutable.ImmutableArray<string> Demonstrations { get; init; } = [];

    /// <summary>Search demonstration sets on the dev split before the test run; null means no optimization.</summary>
    public OptimizeSpec? Optimize { get; init; }

    /// <summary>Absolute path of a JSON Schema file, when the study names a file instead of an inline schema.</summary>
    public string? SchemaFile { get; init; }
}
