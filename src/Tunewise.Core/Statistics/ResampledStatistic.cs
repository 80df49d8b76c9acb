namespace Tunewise.Statistics;

/// <summary>
/// A statistic computed over a multiset of example indices (a bootstrap resample, or 0..n-1 for the
/// observed value). Indices repeat in a resample; the statistic must count each occurrence.
/// </summary>
public delegate double ResampledStatistic(ReadOnlySpan<int> indices);
