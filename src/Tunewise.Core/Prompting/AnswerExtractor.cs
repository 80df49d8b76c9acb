using System.Text.RegularExpressions;

namespace Tunewise.Prompting;

/// <summary>Pulls the final answer out of a chain-of-thought reply, so scorers see only the answer.</summary>
public static partial class AnswerExtractor
{
    public const string AnswerPrefix = "Answer:";

    /// <summary>The text after the last <c>Answer:</c> line; the whole output when there is none.</summary>
    public static string Extract(string output, bool chainOfThought)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!chainOfThought)
            return output;
        var matches = AnswerLine().Matches(output);
        return matches.Count == 0 ? output.Trim() : matches[^1].Groups["answer"].Value.Trim();
    }

    [GeneratedRegex(@"^\s*\**\s*answer\s*\**\s*:\s*\**(?<answer>.*?)\**\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex AnswerLine();
}
