using Tunewise.Data.Splits;
using Tunewise.Studies;

namespace Tunewise.Arms;

/// <summary>What arm preparation may use: the run, the study, its split (test frozen and guarded) and what curation kept.</summary>
/// <param name="Labels">A classification study's label set; empty for other tasks.</param>
/// <param name="CleanIds">Ids of the train and dev examples curation keeps; null when curation did not run.</param>
public sealed record ArmPreparation(string RunId, Study Study, DataSplit Split, TestSetGuard Guard, IReadOnlyList<string> Labels, IReadOnlySet<string>? CleanIds);
