using System.Collections.Immutable;

namespace Tunewise.Robustness;

/// <summary>
/// The surface layout of a labelled prompt: how a field label meets its value, how demonstrations are
/// separated, how labels are spelled and cased, and the whitespace between parts. None of it changes
/// what the model is asked, which is exactly why a model's answers should not depend on it.
/// </summary>
public sealed record PromptFormat
{
    public static PromptFormat Default { get; } = new();

    /// <summary>Between a field label and its value: <c>": "</c>, <c>" - "</c> or a line break.</summary>
    public string FieldSeparator { get; init; } = ": ";

    /// <summary>Between two demonstrations.</summary>
    public string DemonstrationSeparator { get; init; } = "\n\n";

    public LabelCase LabelCase { get; init; } = LabelCase.Title;

    /// <summary>Labels by field name; a field without one is labelled with its name in title case.</summary>
    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The label that introduces the answer.</summary>
    public string AnswerLabel { get; init; } = "Answer";

    /// <summary>Blank lines added between the prompt's parts, beyond the one that always separates them.</summary>
    public int ExtraBlankLines { get; init; }

    /// <summary>Spaces left at the end of every line.</summary>
    public bool TrailingSpaces { get; init; }

    /// <summary>Tabs instead of spaces in separators.</summary>
    public bool Tabs { get; init; }

    /// <summary>The label shown for <paramref name="field"/>, cased.</summary>
    public string LabelOf(string field) => Cased(Labels.TryGetValue(field, out var label) ? label : TitleOf(field));

    public string CasedAnswerLabel => Cased(AnswerLabel);

    public string EffectiveFieldSeparator => Tabs ? FieldSeparator.Replace(' ', '\t') : FieldSeparator;

    internal static string TitleOf(string field)
    {
        var words = field.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? field : char.ToUpperInvariant(words[0]) + words[1..];
    }

    private string Cased(string label) => LabelCase switch
    {
        LabelCase.Lower => label.ToLowerInvariant(),
        LabelCase.Upper => label.ToUpperInvariant(),
        _ => label.Length == 0 ? label : char.ToUpperInvariant(label[0]) + label[1..],
    };
}
