namespace Tunewise.Statistics;

/// <summary>Standard normal quantile and CDF, for power calculations and interval checks.</summary>
public static class NormalDistribution
{
    /// <summary>
    /// Inverse CDF by Acklam's rational approximation (relative error below 1.15e-9). No refinement step:
    /// the CDF below is less precise than the approximation itself.
    /// </summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1 is required.");

        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;

        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }

        var upper = Math.Sqrt(-2 * Math.Log(1 - p));
        return -(((((c[0] * upper + c[1]) * upper + c[2]) * upper + c[3]) * upper + c[4]) * upper + c[5]) / ((((d[0] * upper + d[1]) * upper + d[2]) * upper + d[3]) * upper + 1);
    }

    /// <summary>Standard normal CDF; .NET has no erfc, so this uses a Chebyshev fit with 1.2e-7 relative error.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    // Numerical Recipes (3rd ed.) erfc Chebyshev approximation, fractional error < 1.2e-7 everywhere.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
