using System.Text;

namespace Tunewise.Data;

/// <summary>
/// Every text normalisation Tunewise applies. <see cref="Normalize(string)"/> is the one used wherever two texts are
/// compared as "the same" (curation, splits, content hashes): lower case (invariant), runs of whitespace collapsed to
/// one space, ends trimmed. <see cref="Normalize(string, TextNormalization)"/> applies the flags a metric or a
/// robustness check asks for, and <see cref="Parse"/> reads them from a study's option names.
/// </summary>
public static class TextNormalizer
{
    private static readonly Dictionary<string, TextNormalization> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = TextNormalization.None,
        ["default"] = TextNormalization.Default,
        ["nfkc"] = TextNormalization.UnicodeNfkc,
        ["unicode"] = TextNormalization.UnicodeNfkc,
        ["trim"] = TextNormalization.Trim,
        ["whitespace"] = TextNormalization.CollapseWhitespace | TextNormalization.Trim,
        ["case"] = TextNormalization.IgnoreCase,
        ["punctuation"] = TextNormalization.StripPunctuation,
        ["trailing_period"] = TextNormalization.StripTrailingPeriod,
    };

    /// <summary>The "same text" key: <see cref="TextNormalization.IgnoreCase"/> with collapsed whitespace.</summary>
    public static string Normalize(string text) => CollapseWhitespace(text).ToLowerInvariant();

    public static string Normalize(string text, TextNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (normalization.HasFlag(TextNormalization.UnicodeNfkc))
            text = CompatibilityFolding.Nfkc(text);
        if (normalization.HasFlag(TextNormalization.IgnoreCase))
            text = text.ToLowerInvariant();
        if (normalization.HasFlag(TextNormalization.StripPunctuation))
            text = RemovePunctuation(text);
        if (normalization.HasFlag(TextNormalization.CollapseWhitespace))
            text = CollapseWhitespace(text);
        if (normalization.HasFlag(TextNormalization.Trim) || normalization.HasFlag(TextNormalization.CollapseWhitespace))
            text = text.Trim();
        if (normalization.HasFlag(TextNormalization.StripTrailingPeriod))
            text = text.TrimEnd().TrimEnd('.').TrimEnd();
        return text;
    }

    /// <summary>Reads names such as <c>[case, whitespace, punctuation]</c> from a study; unknown names are a user error.</summary>
    public static TextNormalization Parse(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = TextNormalization.None;
        foreach (var name in names)
        {
            if (!Names.TryGetValue(name.Trim(), out var flag))
                throw new UserInputException($"Unknown text normalization '{name}'. Expected one of: {string.Join(", ", Names.Keys)}.");
            result |= flag;
        }
        return result;
    }

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

    internal static string RemovePunctuation(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsPunctuation(c) && !char.IsSymbol(c))
                builder.Append(c);
        }
        return builder.ToString();
    }
}
