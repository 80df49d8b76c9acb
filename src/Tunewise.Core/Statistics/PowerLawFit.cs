namespace Tunewise.Statistics;

/// <summary>
/// y = a·x^(−b), fitted by least squares on log y against log x. <see cref="RSquared"/> is that of the log-log line
/// (NaN with two points, which the line passes through exactly).
/// </summary>
public sealed record PowerLawFit(double A, double B, double RSquared, int Points)
{
    public double At(double x) => A * Math.Pow(x, -B);

    /// <summary>The fit through <paramref name="points"/> (x and y positive, at least two distinct x), or null.</summary>
    public static PowerLawFit? Fit(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2 || points.Any(p => !(p.X > 0) || !(p.Y > 0) || !double.IsFinite(p.X) || !double.IsFinite(p.Y)))
            return null;
        var lx = points.Select(p => Math.Log(p.X)).ToArray();
        var ly = points.Select(p => Math.Log(p.Y)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < lx.Length; i++)
        {
            sxx += (lx[i] - mx) * (lx[i] - mx);
            sxy += (lx[i] - mx) * (ly[i] - my);
            syy += (ly[i] - my) * (ly[i] - my);
        }
        if (sxx <= 0) return null;
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        double rSquared;
        if (points.Count == 2) rSquared = double.NaN;
        else if (syy <= 0) rSquared = 1;
        else
        {
            double residual = 0;
            for (var i = 0; i < lx.Length; i++)
            {
                var e = ly[i] - (intercept + slope * lx[i]);
                residual += e * e;
            }
            rSquared = 1 - residual / syy;
        }
        return new PowerLawFit(Math.Exp(intercept), -slope, rSquared, points.Count);
    }
}
