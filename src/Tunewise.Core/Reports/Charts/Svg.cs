using System.Text;
using static Tunewise.Reports.HtmlText;

namespace Tunewise.Reports.Charts;

/// <summary>Small helpers that write SVG elements; every piece of text goes through <see cref="HtmlText.Encode"/>.</summary>
internal static class Svg
{
    /// <summary>Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    public static string Colour(int index) => Palette[index % Palette.Length];

    public static StringBuilder Open(int width, int height, string label) =>
        new StringBuilder().Append($"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Encode(label)}\">");

    public static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    public static void Line(StringBuilder svg, double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null) =>
        svg.Append($"<line x1=\"{Coordinate(x1)}\" y1=\"{Coordinate(y1)}\" x2=\"{Coordinate(x2)}\" y2=\"{Coordinate(y2)}\" stroke=\"{stroke}\" stroke-width=\"{Coordinate(width)}\"")
            .Append(dash is null ? "" : $" stroke-dasharray=\"{dash}\"").Append("/>");

    public static void Circle(StringBuilder svg, double x, double y, double r, string fill, string? title = null)
    {
        svg.Append($"<circle cx=\"{Coordinate(x)}\" cy=\"{Coordinate(y)}\" r=\"{Coordinate(r)}\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"1\">");
        if (title is not null)
            svg.Append("<title>").Append(Encode(title)).Append("</title>");
        svg.Append("</circle>");
    }

    public static void Rect(StringBuilder svg, double x, double y, double width, double height, string fill, double opacity = 1) =>
        svg.Append($"<rect x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" width=\"{Coordinate(Math.Max(0, width))}\" height=\"{Coordinate(Math.Max(0, height))}\" fill=\"{fill}\" fill-opacity=\"{Coordinate(opacity)}\"/>");

    public static void Text(StringBuilder svg, double x, double y, string text, string anchor = "start", string css = "") =>
        svg.Append($"<text x=\"{Coordinate(x)}\" y=\"{Coordinate(y)}\" text-anchor=\"{anchor}\"").Append(css.Length > 0 ? $" class=\"{css}\"" : "")
            .Append('>').Append(Encode(text)).Append("</text>");

    public static void Polyline(StringBuilder svg, IEnumerable<(double X, double Y)> points, string stroke, double width = 2, string? dash = null) =>
        svg.Append("<polyline fill=\"none\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(Coordinate(width))
            .Append(dash is null ? "" : $"\" stroke-dasharray=\"{dash}").Append("\" points=\"")
            .Append(string.Join(" ", points.Select(p => $"{Coordinate(p.X)},{Coordinate(p.Y)}"))).Append("\"/>");

    /// <summary>Shortens a label to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
