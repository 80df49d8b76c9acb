using System.Text;

namespace Tunewise.Data;

/// <summary>
/// The one normalisation used wherever two texts are compared as "the same": lower case (invariant),
/// runs of whitespace collapsed to one space, ends trimmed.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text) => CollapseWhitespace(text).ToLowerInvariant();

    /// <summary>Runs of whitespace become one space; leading and trailing whitespace is dropped.</summary>
    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
