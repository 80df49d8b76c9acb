namespace Tunewise.Studies;

/// <summary>Whether demonstrations keep one order for every query or are shuffled per query.</summary>
public enum DemonstrationOrder
{
    Fixed,
    Shuffled,
}
