using System.Globalization;

namespace Tunewise.Reports.Charts;

/// <summary>Maps data values onto pixels, linearly or on a log10 scale, and picks readable ticks.</summary>
internal sealed class ChartAxis
{
    private readonly double _min;
    private readonly double _max;
    private readonly double _from;
    private readonly double _to;

    public ChartAxis(double min, double max, double from, double to, bool log = false)
    {
        if (log && (min <= 0 || max <= 0))
            throw new ArgumentOutOfRangeException(nameof(min), "a log axis needs positive bounds");
        if (max <= min)
            max = min + (log ? min * 9 : 1);
        Log = log;
        _min = log ? Math.Log10(min) : min;
        _max = log ? Math.Log10(max) : max;
        _from = from;
        _to = to;
    }

    public bool Log { get; }

    public double Min => Log ? Math.Pow(10, _min) : _min;

    public double Max => Log ? Math.Pow(10, _max) : _max;

    public double Map(double value)
    {
        var v = Log ? Math.Log10(Math.Max(value, Min)) : value;
        return _from + (v - _min) / (_max - _min) * (_to - _from);
    }

    /// <summary>Powers of ten on a log axis; about five round steps on a linear one.</summary>
    public IReadOnlyList<double> Ticks()
    {
        if (Log)
            return [.. Enumerable.Range((int)Math.Ceiling(_min - 1e-9), (int)Math.Floor(_max + 1e-9) - (int)Math.Ceiling(_min - 1e-9) + 1).Select(e => Math.Pow(10, e))];
        var step = NiceStep((_max - _min) / 5);
        var ticks = new List<double>();
        for (var t = Math.Ceiling(_min / step) * step; t <= _max + step * 1e-9; t += step)
            ticks.Add(Math.Round(t, 10));
        return ticks;
    }

    /// <summary>A tick label: plain decimals on a linear axis, 1k / 10M / 1B on a log one.</summary>
    public string Label(double value, string? prefix = null)
    {
        if (!Log)
            return prefix + value.ToString("0.##", CultureInfo.InvariantCulture);
        var (scaled, suffix) = value switch
        {
            >= 1e9 => (value / 1e9, "B"),
            >= 1e6 => (value / 1e6, "M"),
            >= 1e3 => (value / 1e3, "k"),
            _ => (value, ""),
        };
        return prefix + scaled.ToString(value < 1 ? "0.####" : "0.#", CultureInfo.InvariantCulture) + suffix;
    }

    private static double NiceStep(double raw)
    {
        if (raw <= 0 || !double.IsFinite(raw))
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * magnitude;
    }
}
