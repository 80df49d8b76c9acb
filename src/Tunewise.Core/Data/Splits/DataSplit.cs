namespace Tunewise.Data.Splits;

/// <summary>The three disjoint parts of a data set.</summary>
public sealed record DataSplit(IReadOnlyList<Example> Train, IReadOnlyList<Example> Dev, IReadOnlyList<Example> Test);
