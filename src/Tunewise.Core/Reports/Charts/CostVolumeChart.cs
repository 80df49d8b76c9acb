using System.Globalization;

namespace Tunewise.Reports.Charts;

/// <summary>
/// Monthly cost against monthly query volume, one line per arm (fixed and amortised one-off cost plus cost
/// per query × volume), on log–log axes, with break-even volumes and the study's own volume marked.
/// </summary>
internal static class CostVolumeChart
{
    /// <param name="Candidate">False for an arm drawn for comparison only (the decision did not price it); drawn dashed.</param>
    public sealed record CostLine(string Arm, double FixedPerMonth, double CostPerQuery, bool Candidate = true)
    {
        public double At(double volume) => FixedPerMonth + CostPerQuery * volume;
    }

    public sealed record Crossing(string ArmA, string ArmB, double Volume);

    private const int Width = 760;
    private const int Left = 78;
    private const int Right = 24;
    private const int Top = 16;
    private const int PlotHeight = 300;
    private const int LegendRow = 20;
    private const int Samples = 80;

    public static string Render(IReadOnlyList<CostLine> lines, IReadOnlyList<Crossing> crossings, double? studyVolume)
    {
        var anchors = crossings.Select(c => c.Volume).Append(studyVolume ?? 1e5).Where(v => v > 0).ToList();
        var xMin = Math.Max(1, Math.Pow(10, Math.Floor(Math.Log10(anchors.Min())) - 2));
        var xMax = Math.Pow(10, Math.Ceiling(Math.Log10(anchors.Max())) + 2);
        var costs = lines.SelectMany(l => new[] { l.At(xMin), l.At(xMax) }).Where(c => c > 0).ToList();
        var yMin = costs.Count == 0 ? 0.01 : Math.Pow(10, Math.Floor(Math.Log10(costs.Min())));
        var yMax = costs.Count == 0 ? 1 : Math.Pow(10, Math.Ceiling(Math.Log10(costs.Max())));
        if (yMax <= yMin)
            yMax = yMin * 10;

        var plotBottom = Top + PlotHeight;
        var legendTop = plotBottom + 60;
        var height = legendTop + lines.Count * LegendRow + 8;
        var x = new ChartAxis(xMin, xMax, Left, Width - Right, log: true);
        var y = new ChartAxis(yMin, yMax, plotBottom, Top, log: true);
        var svg = Svg.Open(Width, height, "Monthly cost against monthly query volume");
        foreach (var tick in x.Ticks())
        {
            Svg.Line(svg, x.Map(tick), Top, x.Map(tick), plotBottom, "#e3e3e3");
            Svg.Text(svg, x.Map(tick), plotBottom + 16, x.Label(tick), "middle", "tick");
        }
        foreach (var tick in y.Ticks())
        {
            Svg.Line(svg, Left, y.Map(tick), Width - Right, y.Map(tick), "#e3e3e3");
            Svg.Text(svg, Left - 6, y.Map(tick) + 4, y.Label(tick, "$"), "end", "tick");
        }
        Svg.Text(svg, (Left + Width - Right) / 2.0, plotBottom + 34, "queries per month (log scale)", "middle", "axis");
        if (studyVolume is { } volume)
        {
            Svg.Line(svg, x.Map(volume), Top, x.Map(volume), plotBottom, "#555", 1.5, "6 4");
            Svg.Text(svg, x.Map(volume) + 4, Top + 12, $"your volume: {x.Label(volume)}/month", "start", "reference");
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var points = Enumerable.Range(0, Samples + 1)
                .Select(s => Math.Pow(10, Math.Log10(xMin) + s * (Math.Log10(xMax) - Math.Log10(xMin)) / Samples))
                .Select(v => (x.Map(v), y.Map(Math.Max(line.At(v), yMin))));
            var dash = line.Candidate ? null : "7 5";
            Svg.Polyline(svg, points, Svg.Colour(i), line.Candidate ? 3 : 1.8, dash);
            var legendY = legendTop + i * LegendRow;
            Svg.Line(svg, Left, legendY - 4, Left + 22, legendY - 4, Svg.Colour(i), 3, dash);
            Svg.Text(svg, Left + 30, legendY, $"{line.Arm}: {Money(line.FixedPerMonth)}/month fixed + {Money(line.CostPerQuery)} per query"
                + (line.Candidate ? "" : " (for comparison)"), "start", "legend");
        }
        foreach (var crossing in crossings.Where(c => c.Volume >= xMin && c.Volume <= xMax))
        {
            var line = lines.FirstOrDefault(l => l.Arm == crossing.ArmA);
            if (line is null)
                continue;
            var (cx, cy) = (x.Map(crossing.Volume), y.Map(Math.Max(line.At(crossing.Volume), yMin)));
            Svg.Circle(svg, cx, cy, 6, "#c0392b", $"{crossing.ArmA} and {crossing.ArmB} cost the same at {x.Label(crossing.Volume)} queries a month");
            Svg.Text(svg, cx + 8, cy - 8, $"break-even {x.Label(crossing.Volume)}", "start", "reference");
        }
        return Svg.Close(svg);
    }

    private static string Money(double amount) =>
        amount.ToString(amount == 0 ? "$0" : amount < 1 ? "$0.######" : "$#,##0.##", CultureInfo.InvariantCulture);
}
