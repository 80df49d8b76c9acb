using System.Text;

namespace Tunewise.Data;

/// <summary>
/// The one normalisation used wherever two texts are compared as "the same": lower case (invariant),
/// runs of whitespace collapsed to one space, ends trimmed.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
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

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
