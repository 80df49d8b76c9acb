namespace Tunewise.Studies;

/// <summary>Expected production traffic, used to price arms and find break-even volumes.</summary>
public sealed record VolumeSpec(long QueriesPerMonth);
