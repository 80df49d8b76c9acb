using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Tunewise.Studies;

/// <summary>
/// <c>{{name}}</c> placeholders in prompt templates. Most name a field of the example; the reserved
/// ones are filled by Tunewise itself.
/// </summary>
public static partial class PromptPlaceholders
{
    /// <summary>The label set of a classification task, one per line.</summary>
    public const string Labels = "labels";

    /// <summary>The rendered few-shot demonstrations.</summary>
    public const string Examples = "examples";

    /// <summary>The passages a retrieval arm found.</summary>
    public const string Context = "context";

    public static ImmutableArray<string> Reserved { get; } = [Labels, Examples, Context];

    /// <summary>The distinct placeholder names in <paramref name="template"/>, with their character offsets.</summary>
    public static IEnumerable<(string Name, int Offset)> Find(string template)
    {
        foreach (Match match in PlaceholderPattern().Matches(template))
        {
            yield return (match.Groups["name"].Value, match.Index);
        }
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
