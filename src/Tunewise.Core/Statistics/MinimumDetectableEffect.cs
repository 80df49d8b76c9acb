namespace Tunewise.Statistics;

/// <summary>
/// The smallest true difference a paired study of this size would detect with the given power at a
/// two-sided significance level. Shown next to "no detectable difference", so a reader can tell
/// "the arms are alike" from "the study was too small to say".
/// </summary>
public static class MinimumDetectableEffect
{
    /// <summary>
    /// Continuous scores: MDE = (z₁₋α/₂ + z_power) · σ_d / √n, with σ_d the SD of per-example differences.
    /// This is the normal-approximation sample size for a paired mean difference,
    /// n = (z₁₋α/₂ + z_power)² σ_d² / δ², solved for δ (Chow, Shao, Wang &amp; Lokhnygina,
    /// "Sample Size Calculations in Clinical Research", 3rd ed., 2017, §3.1).
    /// </summary>
    public static double Continuous(double sdOfDifferences, int n, double alpha = 0.05, double power = 0.8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (NormalDistribution.Quantile(1 - alpha / 2) + NormalDistribution.Quantile(power)) * sdOfDifferences / Math.Sqrt(n);
    }

    /// <summary>
    /// The same formula with a standard error already in hand (e.g. the bootstrap SE of a set-level
    /// metric difference): MDE = (z₁₋α/₂ + z_power) · SE.
    /// </summary>
    public static double FromStandardError(double standardError, double alpha = 0.05, double power = 0.8) =>
        (NormalDistribution.Quantile(1 - alpha / 2) + NormalDistribution.Quantile(power)) * standardError;

    /// <summary>
    /// Binary scores (McNemar design). Connor (1987), "Sample size for testing differences in proportions
    /// for the paired-sample design", Biometrics 43:207–211, gives
    /// n = [z₁₋α/₂ √ψ + z_power √(ψ − δ²)]² / δ², with ψ the discordant-pair rate and δ the difference
    /// in proportions. We solve it for δ at the observed n and ψ by bisection (the left side falls
    /// monotonically in δ). Returns null when even δ = ψ, the largest difference ψ allows, is out of reach.
    /// </summary>
    public static double? Binary(int n, double discordantRate, double alpha = 0.05, double power = 0.8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (!(discordantRate > 0) || discordantRate > 1)
            return null;
        var zAlpha = NormalDistribution.Quantile(1 - alpha / 2);
        var zPower = NormalDistribution.Quantile(power);
        var psi = discordantRate;
        var rootN = Math.Sqrt(n);
        double Gap(double delta) => rootN * delta - zAlpha * Math.Sqrt(psi) - zPower * Math.Sqrt(Math.Max(0, psi - delta * delta));

        if (Gap(psi) < 0)
            return null;
        double low = 0, high = psi;
        for (var i = 0; i < 100 && high - low > 1e-12; i++)
        {
            var mid = (low + high) / 2;
            if (Gap(mid) < 0)
                low = mid;
            else
                high = mid;
        }
        return high;
    }
}
