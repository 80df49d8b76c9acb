
namespace Tunewise.Reports.Charts;

/// <summary>
/// A horizontal dot-and-whisker chart: one row per item, the point value as a dot and its 95% interval as
/// a whisker, with an optional reference line (the requirement's target, or zero for deltas).
/// </summary>
internal static class IntervalChart
{
    public sealed record Row(string Label, double Value, double? Low, double? High, string? Note = null);

    private const int Width = 760;
    private const int LabelWidth = 190;
    private const int RowHeight = 30;
    private const int Top = 12;
    private const int Bottom = 36;
    private const int Right = 70;

    /// <param name="unitRange">Fix the axis to [0, 1] when every value fits, as scores do.</param>
    public static string Render(string title, IReadOnlyList<Row> rows, double? reference = null, string? referenceLabel = null, bool unitRange = true)
    {
        var values = rows.SelectMany(r => new[] { r.Value, r.Low ?? r.Value, r.High ?? r.Value }).Where(double.IsFinite).ToList();
        if (reference is { } refValue)
            values.Add(refValue);
        var min = values.Count == 0 ? 0 : values.Min();
        var max = values.Count == 0 ? 1 : values.Max();
        if (unitRange && min >= 0 && max <= 1)
            (min, max) = (0, 1);
        else
        {
            var pad = Math.Max((max - min) * 0.08, 1e-3);
            (min, max) = (min - pad, max + pad);
        }
        var height = Top + rows.Count * RowHeight + Bottom;
        var x = new ChartAxis(min, max, LabelWidth, Width - Right);
        var svg = Svg.Open(Width, height, title);
        var plotBottom = Top + rows.Count * RowHeight;
        foreach (var tick in x.Ticks())
        {
            Svg.Line(svg, x.Map(tick), Top, x.Map(tick), plotBottom, "#e3e3e3");
            Svg.Text(svg, x.Map(tick), plotBottom + 16, x.Label(tick), "middle", "tick");
        }
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = Top + i * RowHeight + RowHeight / 2.0;
            Svg.Text(svg, LabelWidth - 10, y + 4, Svg.Clip(row.Label, 26), "end", "label");
            if (!double.IsFinite(row.Value))
            {
                Svg.Text(svg, LabelWidth + 4, y + 4, "not measured", "start", "muted");
                continue;
            }
            var colour = Svg.Colour(i);
            if (row.Low is { } low && row.High is { } high && double.IsFinite(low) && double.IsFinite(high))
            {
                Svg.Line(svg, x.Map(low), y, x.Map(high), y, colour, 2.5);
                Svg.Line(svg, x.Map(low), y - 6, x.Map(low), y + 6, colour, 2);
                Svg.Line(svg, x.Map(high), y - 6, x.Map(high), y + 6, colour, 2);
            }
            Svg.Circle(svg, x.Map(row.Value), y, 5.5, colour, $"{row.Label}: {HtmlText.Number(row.Value)} [{HtmlText.Number(row.Low)}, {HtmlText.Number(row.High)}]{row.Note}");
            Svg.Text(svg, Width - Right + 8, y + 4, HtmlText.Number(row.Value), "start", "value");
        }
        if (reference is { } target)
        {
            Svg.Line(svg, x.Map(target), Top - 4, x.Map(target), plotBottom, "#c0392b", 1.5, "5 4");
            if (referenceLabel is not null)
                Svg.Text(svg, x.Map(target), plotBottom + 30, referenceLabel, "middle", "reference");
        }
        return Svg.Close(svg);
    }
}
