namespace Tunewise.Economics;

/// <summary>
/// An arm's cost structure: paid once (training), per month regardless of volume (hosting), and per query.
/// Over a horizon of H months at Q queries a month it costs OneOff + H·FixedPerMonth + H·Q·CostPerQuery.
/// </summary>
public sealed record ArmCost(string Arm, double OneOff, double FixedPerMonth, double? CostPerQuery)
{
    /// <summary>
    /// Total cost over <paramref name="months"/> as a line in the monthly volume Q, or null when the
    /// cost per query is unknown.
    /// </summary>
    public CostLine? OverHorizon(int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        return CostPerQuery is { } perQuery ? new CostLine(Arm, OneOff + months * FixedPerMonth, months * perQuery) : null;
    }

    public double? MonthlyCost(double queriesPerMonth) =>
        CostModel.MonthlyCost(CostPerQuery, queriesPerMonth, FixedPerMonth);
}
