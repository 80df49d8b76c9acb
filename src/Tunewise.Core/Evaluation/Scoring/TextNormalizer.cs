using System.Text;

namespace Tunewise.Evaluation.Scoring;

/// <summary>Applies <see cref="TextNormalization"/> flags, and reads them from a study's option names.</summary>
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

    internal static string CollapseWhitespace(string text) => Data.TextNormalizer.CollapseWhitespace(text);
}
