using System.Text.RegularExpressions;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Models often wrap JSON in a markdown fence (```json … ```). Scorers strip it before parsing and record
/// that they did, so a report can show how often a model ignored "reply with JSON only".
/// </summary>
public static partial class JsonFence
{
    /// <returns>The text inside the fence (the whole output when it is a fence, else the first fenced block), or the trimmed output.</returns>
    public static string Strip(string output, out bool fenced)
    {
        ArgumentNullException.ThrowIfNull(output);
        var trimmed = output.Trim();
        var whole = WholeFence().Match(trimmed);
        if (whole.Success)
        {
            fenced = true;
            return whole.Groups["body"].Value.Trim();
        }
        var first = AnyFence().Match(trimmed);
        if (first.Success)
        {
            fenced = true;
            return first.Groups["body"].Value.Trim();
        }
        fenced = false;
        return trimmed;
    }

    [GeneratedRegex(@"^```[A-Za-z0-9_+-]*[ \t]*\r?\n?(?<body>.*?)\r?\n?```$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex WholeFence();

    [GeneratedRegex(@"```[A-Za-z0-9_+-]*[ \t]*\r?\n(?<body>.*?)\r?\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex AnyFence();
}
