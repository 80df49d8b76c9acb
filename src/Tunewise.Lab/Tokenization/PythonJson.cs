using System.Globalization;
using System.Text;

namespace Tunewise.Lab.Tokenization;

/// <summary>
/// Writes template values the way Python's <c>json.dumps</c> and <c>str</c> do, because a model was
/// trained on prompts rendered by Python: the separators, the float digits and the escaping must match
/// byte for byte, or the prompt drifts from what the model saw.
/// </summary>
internal static class PythonJson
{
    /// <summary>
    /// <c>json.dumps(value, indent, separators, sort_keys, ensure_ascii)</c> for null, strings, booleans,
    /// integers (long), floats (double), lists and string-keyed dicts.
    /// </summary>
    public static string Dumps(object? value, int? indent, string itemSeparator, string keySeparator, bool sortKeys, bool ensureAscii)
    {
        var text = new StringBuilder();
        Write(text, value, indent, 0, itemSeparator, keySeparator, sortKeys, ensureAscii);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, int? indent, int depth, string itemSeparator, string keySeparator, bool sortKeys, bool ensureAscii)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case long l:
                text.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(FormatFloat(d, json: true));
                break;
            case string s:
                WriteString(text, s, ensureAscii);
                break;
            case List<object?> list:
                WriteContainer(text, '[', ']', list, indent, depth, itemSeparator,
                    item => Write(text, item, indent, depth + 1, itemSeparator, keySeparator, sortKeys, ensureAscii));
                break;
            case Dictionary<string, object?> dict:
                IEnumerable<KeyValuePair<string, object?>> pairs = sortKeys ? dict.OrderBy(p => p.Key, StringComparer.Ordinal) : dict;
                WriteContainer(text, '{', '}', pairs.ToList(), indent, depth, itemSeparator, pair =>
                {
                    WriteString(text, pair.Key, ensureAscii);
                    text.Append(keySeparator);
                    Write(text, pair.Value, indent, depth + 1, itemSeparator, keySeparator, sortKeys, ensureAscii);
                });
                break;
            default:
                throw new ChatTemplateException($"Chat template: a {value.GetType().Name} cannot be written as JSON.");
        }
    }

    private static void WriteContainer<T>(StringBuilder text, char open, char close, IReadOnlyList<T> items, int? indent, int depth, string itemSeparator, Action<T> writeItem)
    {
        text.Append(open);
        if (items.Count == 0)
        {
            text.Append(close);
            return;
        }
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) text.Append(itemSeparator);
            if (indent is { } step) text.Append('\n').Append(' ', step * (depth + 1));
            writeItem(items[i]);
        }
        if (indent is { } last) text.Append('\n').Append(' ', last * depth);
        text.Append(close);
    }

    private static void WriteString(StringBuilder text, string s, bool ensureAscii)
    {
        text.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// Python's float repr: the shortest digits that round-trip, positional from 1e-4 up to 1e16 (always
    /// with a fractional part, so 2.0 stays "2.0"), scientific outside that as "1e-05" or "1e+16".
    /// </summary>
    public static string FormatFloat(double d, bool json)
    {
        if (double.IsNaN(d)) return json ? "NaN" : "nan";
        if (double.IsPositiveInfinity(d)) return json ? "Infinity" : "inf";
        if (double.IsNegativeInfinity(d)) return json ? "-Infinity" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        string roundTrip = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        int exponent = DecimalExponent(roundTrip);
        string digits = roundTrip.Split('E')[0].Replace(".", "", StringComparison.Ordinal).Trim('0');
        string sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return sign + digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    // The power of ten of the first significant digit of a round-trip string such as "1.5E-05" or "1234.5".
    private static int DecimalExponent(string roundTrip)
    {
        var parts = roundTrip.Split('E');
        int extra = parts.Length > 1 ? int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        string mantissa = parts[0];
        int dot = mantissa.IndexOf('.');
        string whole = dot < 0 ? mantissa : mantissa[..dot];
        string fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        string wholeDigits = whole.TrimStart('0');
        if (wholeDigits.Length > 0) return wholeDigits.Length - 1 + extra;
        int leadingZeros = fraction.Length - fraction.TrimStart('0').Length;
        return -(leadingZeros + 1) + extra;
    }
}
