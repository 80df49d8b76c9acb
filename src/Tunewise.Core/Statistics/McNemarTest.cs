namespace Tunewise.Statistics;

/// <summary>
/// Exact McNemar test for paired binary outcomes: under H0 the b + c discordant pairs split
/// Binomial(b + c, 1/2), and the two-sided p-value doubles the smaller tail (capped at 1).
/// </summary>
public static class McNemarTest
{
    /// <param name="onlyA">Discordant pairs where only arm A is correct (b).</param>
    /// <param name="onlyB">Discordant pairs where only arm B is correct (c).</param>
    public static double ExactPValue(int onlyA, int onlyB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        var n = onlyA + onlyB;
        if (n == 0)
            return 1.0; // no disagreements: no evidence of any difference
        var k = Math.Min(onlyA, onlyB);

        // Sum C(n, i) / 2^n for i = 0..k in log space, so large n neither overflows nor underflows.
        var logHalfPowN = -n * Math.Log(2);
        var logTerm = logHalfPowN; // i = 0: C(n,0) = 1
        var maxLog = logTerm;
        var terms = new double[k + 1];
        terms[0] = logTerm;
        for (var i = 0; i < k; i++)
        {
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
            terms[i + 1] = logTerm;
            maxLog = Math.Max(maxLog, logTerm);
        }
        var sum = 0.0;
        foreach (var term in terms)
            sum += Math.Exp(term - maxLog);
        var tail = Math.Exp(maxLog + Math.Log(sum));
        return Math.Min(1.0, 2 * tail);
    }
}
