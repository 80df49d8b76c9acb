namespace Tunewise.Statistics;

/// <summary>What a paired comparison lets a user conclude.</summary>
public enum ComparisonVerdict
{
    NoDetectableDifference,
    ABetter,
    BBetter,
}
