using System.Text;

namespace Tunewise.Data;

/// <summary>
/// Unicode NFKC. Tunewise runs with invariant globalization, where <see cref="string.Normalize()"/> may
/// leave non-ASCII text unchanged, so the compatibility folds that matter for comparing model answers are
/// also applied here: full-width forms, compatibility spaces, Latin ligatures, super- and subscript
/// digits and the ellipsis. Canonical composition of combining accents is left to the runtime.
/// </summary>
internal static class CompatibilityFolding
{
    public static string Nfkc(string text)
    {
        try
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }
        catch (PlatformNotSupportedException)
        {
            // Fall through to the table below.
        }
        var asciiOnly = true;
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                asciiOnly = false;
                break;
            }
        }
        if (asciiOnly)
            return text;

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\uFF01' and <= '\uFF5E':
                    builder.Append((char)(c - 0xFF01 + 0x21));
                    break;
                case '\u00A0' or '\u2007' or '\u202F' or '\u3000' or (>= '\u2000' and <= '\u200A'):
                    builder.Append(' ');
                    break;
                case '\uFB00': builder.Append("ff"); break;
                case '\uFB01': builder.Append("fi"); break;
                case '\uFB02': builder.Append("fl"); break;
                case '\uFB03': builder.Append("ffi"); break;
                case '\uFB04': builder.Append("ffl"); break;
                case '\uFB05' or '\uFB06': builder.Append("st"); break;
                case '\u2026': builder.Append("..."); break;
                case '\u00B9': builder.Append('1'); break;
                case '\u00B2': builder.Append('2'); break;
                case '\u00B3': builder.Append('3'); break;
                case '\u2070': builder.Append('0'); break;
                case >= '\u2074' and <= '\u2079':
                    builder.Append((char)('4' + (c - '\u2074')));
                    break;
                case >= '\u2080' and <= '\u2089':
                    builder.Append((char)('0' + (c - '\u2080')));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }
}
