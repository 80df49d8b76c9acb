using System.Globalization;
using Tunewise.Statistics;

namespace Tunewise.Decision;

/// <summary>Number formats shared by every sentence the decision writes, culture-invariant.</summary>
internal static class DecisionFormat
{
    public static string Score(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Signed(double value) => double.IsNaN(value) ? "n/a" : value.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => double.IsNaN(share) ? "n/a" : share.ToString("0%", CultureInfo.InvariantCulture);

    public static string Money(double amount) => amount.ToString(amount < 1 ? "$0.######" : "$#,##0.00", CultureInfo.InvariantCulture);

    public static string Volume(double volume) => Math.Ceiling(volume).ToString("#,##0", CultureInfo.InvariantCulture);

    public static string Estimate(Estimate estimate) =>
        $"{Score(estimate.Value)} (95% CI {Score(estimate.CiLow)}–{Score(estimate.CiHigh)}, n = {estimate.N})";
}
