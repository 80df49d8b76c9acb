using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Tunewise.Robustness;

/// <summary>
/// Renders a <see cref="PromptVariantInput"/> as chat messages. The instruction comes first, with
/// <c>{{field}}</c> placeholders filled from the example. Demonstrations follow as labelled blocks
/// (<c>Input: …</c> / <c>Answer: …</c>), then the example's fields the instruction did not place itself,
/// ending with the answer label. An instruction that places every input field, with no demonstrations,
/// is sent as it is: exactly one user message with the rendered text.
/// </summary>
public static partial class VariantPromptRenderer
{
    public static IReadOnlyList<ChatMessage> ToMessages(PromptVariantInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = new ChatMessage(ChatRole.User, RenderUser(input));
        return string.IsNullOrWhiteSpace(input.System) ? [user] : [new ChatMessage(ChatRole.System, input.System), user];
    }

    /// <summary>The user message's text.</summary>
    public static string RenderUser(PromptVariantInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var format = input.Format;
        var placed = Placeholder().Matches(input.Instruction).Select(m => m.Groups["field"].Value)
            .Where(input.InputFields.Contains).ToHashSet(StringComparer.Ordinal);
        var instruction = Placeholder().Replace(input.Instruction, m =>
            input.Example.Fields.TryGetValue(m.Groups["field"].Value, out var value) && m.Groups["field"].Value != input.ExpectedField ? value : m.Value);
        var preamble = string.Join(" ", input.Preamble);

        var parts = new List<string>();
        if (preamble.Length > 0 && placed.Count > 0)
            parts.Add(preamble);
        if (instruction.Trim().Length > 0)
            parts.Add(instruction.Trim());
        if (input.Demonstrations.Length > 0)
        {
            parts.Add(string.Join(format.DemonstrationSeparator, input.Demonstrations.Select(d =>
                string.Join("\n", input.InputFields.Select(f => Line(format, format.LabelOf(f), d.Fields.GetValueOrDefault(f) ?? string.Empty))
                    .Append(Line(format, format.CasedAnswerLabel, d.Fields.GetValueOrDefault(input.ExpectedField) ?? string.Empty))))));
        }
        if (preamble.Length > 0 && placed.Count == 0)
            parts.Add(preamble);
        var unplaced = input.InputFields.Where(f => !placed.Contains(f)).ToList();
        if (unplaced.Count > 0 || input.Demonstrations.Length > 0)
        {
            var lines = unplaced.Select(f => Line(format, format.LabelOf(f), input.Example.Fields.GetValueOrDefault(f) ?? string.Empty))
                .Append(format.CasedAnswerLabel + format.EffectiveFieldSeparator.TrimEnd());
            parts.Add(string.Join("\n", lines));
        }

        var between = "\n\n" + new string('\n', Math.Max(0, format.ExtraBlankLines));
        var text = string.Join(between, parts);
        return format.TrailingSpaces ? AddTrailingSpaces(text) : text;
    }

    private static string Line(PromptFormat format, string label, string value) => label + format.EffectiveFieldSeparator + value;

    private static string AddTrailingSpaces(string text)
    {
        var builder = new StringBuilder(text.Length + 64);
        foreach (var line in text.Split('\n'))
        {
            if (builder.Length > 0)
                builder.Append('\n');
            builder.Append(line).Append("  ");
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"\{\{\s*(?<field>[^{}\s]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
