namespace Tunewise.Economics;

/// <summary>A fixed-plus-variable cost: Total(volume) = Fixed + PerUnit · volume.</summary>
public sealed record CostLine(string Arm, double Fixed, double PerUnit)
{
    public double Total(double volume) => Fixed + PerUnit * volume;
}
