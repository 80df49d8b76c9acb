using System.Text;
using Tunewise.Data;

namespace Tunewise.Evaluation.Scoring;

/// <summary>Tokenizers for overlap metrics.</summary>
public static class AnswerTokens
{
    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    /// <summary>
    /// SQuAD v1.1 answer normalization: lower-case, drop punctuation, drop the articles a/an/the, split on
    /// whitespace (Rajpurkar et al., 2016, official evaluate-v1.1.py).
    /// </summary>
    public static string[] Squad(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = TextNormalizer.RemovePunctuation(CompatibilityFolding.Nfkc(text).ToLowerInvariant());
        return cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(token => !Articles.Contains(token))
            .ToArray();
    }

    /// <summary>ROUGE tokenization as in Google's rouge-score: lower-case, anything not a letter or digit separates tokens.</summary>
    public static string[] Rouge(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in CompatibilityFolding.Nfkc(text).ToLowerInvariant())
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
