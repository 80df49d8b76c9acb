using System.Text;
using System.Text.RegularExpressions;
using Tunewise.Data;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Reads a class label out of a free-text answer: the first non-empty line, without markdown, quotes or a
/// "Label:" prefix. With a known label set, the line, its first token, or the earliest label named in it
/// as a whole word is taken; an answer naming none is unparsed (null) and counts as wrong.
/// </summary>
public static partial class LabelExtractor
{
    public static string Normalize(string label) =>
        TextNormalizer.Normalize(label, TextNormalization.UnicodeNfkc | TextNormalization.IgnoreCase | TextNormalization.CollapseWhitespace)
            .Trim(' ', '.', '!', ',', ';', ':', '"', '\'', '`', '*', '_', '“', '”', '‘', '’');

    /// <returns>The normalized label, or null when the output names none of the known labels (or is empty).</returns>
    public static string? Extract(string output, IReadOnlyCollection<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = FirstLine(output);
        if (line is null)
            return null;
        var whole = Normalize(line);
        line = Normalize(LabelPrefix().Replace(whole, ""));
        if (line.Length == 0)
            return null;
        if (labels is null || labels.Count == 0)
            return line;

        var known = new HashSet<string>(labels.Select(Normalize), StringComparer.Ordinal);
        // A label that itself looks like a prefix ("answer-a1", "class-b") is taken whole before any prefix is stripped.
        if (known.Contains(whole))
            return whole;
        if (known.Contains(line))
            return line;
        var firstToken = Normalize(line.Split(' ', 2)[0]);
        if (known.Contains(firstToken))
            return firstToken;

        string? earliest = null;
        var earliestAt = int.MaxValue;
        foreach (var label in known)
        {
            var at = WholeWordIndex(line, label);
            if (at >= 0 && (at < earliestAt || (at == earliestAt && label.Length > earliest!.Length)))
            {
                earliest = label;
                earliestAt = at;
            }
        }
        return earliest;
    }

    /// <summary>
    /// Without a label set: the normalized first line, or the gold label when the line or its first token
    /// is exactly that label ("billing - about an invoice" answers "billing").
    /// </summary>
    public static string? ExtractOpenSet(string output, string expected)
    {
        var line = Extract(output);
        if (line is null)
            return null;
        var normalizedExpected = Normalize(expected);
        return line == normalizedExpected || Normalize(line.Split(' ', 2)[0]) == normalizedExpected ? normalizedExpected : line;
    }

    private static int WholeWordIndex(string text, string word)
    {
        if (word.Length == 0)
            return -1;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var end = at + word.Length;
            var startsWord = at == 0 || !IsWordChar(text[at - 1]);
            var endsWord = end == text.Length || !IsWordChar(text[end]);
            if (startsWord && endsWord)
                return at;
        }
        return -1;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static string? FirstLine(string output)
    {
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            // A fence line ("```", "```text") carries no label; the label is on the next line.
            if (line.StartsWith("```", StringComparison.Ordinal))
                continue;
            if (StripDecoration(line).Length > 0)
                return line;
        }
        return null;
    }

    private static string StripDecoration(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (!char.IsWhiteSpace(c) && c is not ('*' or '_' or '`' or '#' or '"' or '\''))
                builder.Append(c);
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"^[#*_`\s]*(?:final\s+)?(?:label|answer|category|class|intent|classification|sentiment|prediction)\s*[:=\-]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPrefix();
}
