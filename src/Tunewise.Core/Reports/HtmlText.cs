using System.Globalization;
using System.Net;

namespace Tunewise.Reports;

/// <summary>
/// The one way report text reaches HTML: every model output, prompt, expected value, id and name goes
/// through <see cref="Encode"/>, which is safe both between tags and inside quoted attributes.
/// </summary>
public static class HtmlText
{
    /// <summary>Escapes &lt;, &gt;, &amp;, quotes and apostrophes; null becomes the empty string.</summary>
    public static string Encode(string? text) => text is null ? "" : WebUtility.HtmlEncode(text);

    /// <summary>A number with three decimals, culture-invariant, or an en dash when there is none.</summary>
    public static string Number(double? value, string format = "0.000") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>A coordinate for SVG: invariant culture, two decimals.</summary>
    internal static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
