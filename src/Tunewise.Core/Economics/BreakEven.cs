using System.Globalization;

namespace Tunewise.Economics;

/// <summary>Break-even volumes between arms under a fixed-plus-variable cost model.</summary>
public static class BreakEven
{
    /// <summary>
    /// The volume v* where Fa + va·v = Fb + vb·v, that is v* = (Fb − Fa) / (va − vb), when it is positive.
    /// The arm with the lower fixed cost is cheaper below v*, the one with the lower per-unit cost above it.
    /// </summary>
    public static BreakEvenResult Between(CostLine a, CostLine b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.PerUnit == b.PerUnit)
        {
            if (a.Fixed == b.Fixed)
                return new BreakEvenResult(BreakEvenKind.Identical, null, null, null, $"{a.Arm} and {b.Arm} cost the same at every volume.");
            var cheaper = a.Fixed < b.Fixed ? a : b;
            var dearer = ReferenceEquals(cheaper, a) ? b : a;
            return new BreakEvenResult(BreakEvenKind.OneAlwaysCheaper, null, cheaper.Arm, cheaper.Arm,
                $"{cheaper.Arm} is cheaper than {dearer.Arm} at every volume: same cost per query, {Money(dearer.Fixed - cheaper.Fixed)} less fixed cost.");
        }

        var crossing = (b.Fixed - a.Fixed) / (a.PerUnit - b.PerUnit);
        var lowerPerUnit = a.PerUnit < b.PerUnit ? a : b;
        var higherPerUnit = ReferenceEquals(lowerPerUnit, a) ? b : a;
        if (crossing <= 0)
        {
            return new BreakEvenResult(BreakEvenKind.OneAlwaysCheaper, null, lowerPerUnit.Arm, lowerPerUnit.Arm,
                $"{lowerPerUnit.Arm} is cheaper than {higherPerUnit.Arm} at every volume: lower cost per query and no higher fixed cost.");
        }
        return new BreakEvenResult(BreakEvenKind.Crosses, crossing, higherPerUnit.Arm, lowerPerUnit.Arm,
            $"{higherPerUnit.Arm} is cheaper below {Volume(crossing)} queries, {lowerPerUnit.Arm} above.");
    }

    /// <summary>
    /// The monthly query volume at which two arms cost the same over <paramref name="months"/> months,
    /// or null when either arm's cost per query is unknown.
    /// </summary>
    public static BreakEvenResult? MonthlyVolume(ArmCost a, ArmCost b, int months)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.OverHorizon(months) is not { } lineA || b.OverHorizon(months) is not { } lineB)
            return null;
        var result = Between(lineA, lineB);
        return result.Kind == BreakEvenKind.Crosses
            ? result with { Explanation = $"Over {months} months, {result.CheaperBelow} is cheaper below {Volume(result.Volume!.Value)} queries per month, {result.CheaperAbove} above." }
            : result;
    }

    private static string Money(double amount) => amount.ToString("$#,##0.##", CultureInfo.InvariantCulture);

    private static string Volume(double volume) => Math.Ceiling(volume).ToString("#,##0", CultureInfo.InvariantCulture);
}
