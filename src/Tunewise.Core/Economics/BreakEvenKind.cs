namespace Tunewise.Economics;

/// <summary>How two cost lines relate for positive volumes.</summary>
public enum BreakEvenKind
{
    /// <summary>They cross at a positive volume: one arm is cheaper below it, the other above.</summary>
    Crosses,

    /// <summary>They do not cross at any positive volume: one arm is cheaper (or equal) everywhere.</summary>
    OneAlwaysCheaper,

    /// <summary>Same fixed and per-unit cost.</summary>
    Identical,
}
