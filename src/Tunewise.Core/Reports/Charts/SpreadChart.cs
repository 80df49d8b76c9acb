namespace Tunewise.Reports.Charts;

/// <summary>
/// Robustness per arm: each prompt variant's score as a dot on one row, the band from the worst to the best
/// variant shaded, so a wide band reads as a fragile arm.
/// </summary>
internal static class SpreadChart
{
    public sealed record Variant(string Name, double Score);

    public sealed record Row(string Arm, IReadOnlyList<Variant> Variants, double? Spread);

    private const int Width = 760;
    private const int LabelWidth = 190;
    private const int RowHeight = 34;
    private const int Top = 12;
    private const int Bottom = 36;
    private const int Right = 110;

    public static string Render(IReadOnlyList<Row> rows)
    {
        var plotBottom = Top + rows.Count * RowHeight;
        var x = new ChartAxis(0, 1, LabelWidth, Width - Right);
        var svg = Svg.Open(Width, plotBottom + Bottom, "Score of every prompt variant, per arm");
        foreach (var tick in x.Ticks())
        {
            Svg.Line(svg, x.Map(tick), Top, x.Map(tick), plotBottom, "#e3e3e3");
            Svg.Text(svg, x.Map(tick), plotBottom + 16, x.Label(tick), "middle", "tick");
        }
        Svg.Text(svg, (LabelWidth + Width - Right) / 2.0, plotBottom + 32, "score per prompt variant", "middle", "axis");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = Top + i * RowHeight + RowHeight / 2.0;
            Svg.Text(svg, LabelWidth - 10, y + 4, Svg.Clip(row.Arm, 26), "end", "label");
            var scores = row.Variants.Where(v => double.IsFinite(v.Score)).ToList();
            if (scores.Count == 0)
            {
                Svg.Text(svg, LabelWidth + 4, y + 4, "no variant scored", "start", "muted");
                continue;
            }
            var (worst, best) = (scores.Min(v => v.Score), scores.Max(v => v.Score));
            var colour = Svg.Colour(i);
            Svg.Rect(svg, x.Map(worst) - 3, y - 8, x.Map(best) - x.Map(worst) + 6, 16, colour, 0.18);
            foreach (var variant in scores)
                Svg.Circle(svg, x.Map(variant.Score), y, 4.5, colour, $"{variant.Name}: {HtmlText.Number(variant.Score)}");
            Svg.Text(svg, Width - Right + 8, y + 4, $"spread {HtmlText.Number(row.Spread ?? best - worst)}", "start", "value");
        }
        return Svg.Close(svg);
    }
}
