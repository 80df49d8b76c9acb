namespace Tunewise.Reports.Charts;

/// <summary>A plain line chart of one or more series (a learning curve: score against training examples).</summary>
internal static class LineChart
{
    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

    private const int Width = 760;
    private const int Left = 60;
    private const int Right = 24;
    private const int Top = 14;
    private const int PlotHeight = 240;
    private const int LegendRow = 20;

    public static string Render(string title, string xLabel, IReadOnlyList<Series> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var logX = points.Count > 0 && points.All(p => p.X > 0) && points.Max(p => p.X) / points.Min(p => p.X) >= 50;
        var x = new ChartAxis(points.Count == 0 ? 0 : points.Min(p => p.X), points.Count == 0 ? 1 : points.Max(p => p.X), Left, Width - Right, logX);
        var yMin = points.Count == 0 ? 0 : Math.Min(0, points.Min(p => p.Y));
        var yMax = points.Count == 0 ? 1 : Math.Max(points.Max(p => p.Y), yMin + 1e-3);
        if (yMin >= 0 && yMax <= 1)
            yMax = 1;
        var plotBottom = Top + PlotHeight;
        var y = new ChartAxis(yMin, yMax, plotBottom, Top);
        var legendTop = plotBottom + 60;
        var svg = Svg.Open(Width, legendTop + series.Count * LegendRow + 8, title);
        foreach (var tick in x.Ticks())
        {
            Svg.Line(svg, x.Map(tick), Top, x.Map(tick), plotBottom, "#e3e3e3");
            Svg.Text(svg, x.Map(tick), plotBottom + 16, x.Label(tick), "middle", "tick");
        }
        foreach (var tick in y.Ticks())
        {
            Svg.Line(svg, Left, y.Map(tick), Width - Right, y.Map(tick), "#e3e3e3");
            Svg.Text(svg, Left - 6, y.Map(tick) + 4, y.Label(tick), "end", "tick");
        }
        Svg.Text(svg, (Left + Width - Right) / 2.0, plotBottom + 34, xLabel, "middle", "axis");
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var ordered = s.Points.OrderBy(p => p.X).ToList();
            Svg.Polyline(svg, ordered.Select(p => (x.Map(p.X), y.Map(p.Y))), Svg.Colour(i));
            foreach (var p in ordered)
                Svg.Circle(svg, x.Map(p.X), y.Map(p.Y), 4, Svg.Colour(i), $"{s.Name}: {HtmlText.Number(p.Y)} at {HtmlText.Number(p.X, "0.##")}");
            var legendY = legendTop + i * LegendRow;
            Svg.Line(svg, Left, legendY - 4, Left + 22, legendY - 4, Svg.Colour(i), 3);
            Svg.Text(svg, Left + 30, legendY, s.Name, "start", "legend");
        }
        return Svg.Close(svg);
    }
}
