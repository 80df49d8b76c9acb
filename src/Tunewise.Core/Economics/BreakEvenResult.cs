namespace Tunewise.Economics;

/// <summary>
/// Where two arms cost the same. <see cref="Volume"/> is set only when the lines cross at a positive volume;
/// otherwise <see cref="CheaperBelow"/> and <see cref="CheaperAbove"/> name the arm that is cheaper everywhere.
/// </summary>
public sealed record BreakEvenResult(BreakEvenKind Kind, double? Volume, string? CheaperBelow, string? CheaperAbove, string Explanation);
