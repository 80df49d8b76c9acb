using Tunewise.Data;
using Tunewise.Data.Curation;
using Tunewise.Data.Splits;
using Tunewise.Studies;

namespace Tunewise.Data.Preparation;

/// <summary>Everything a run needs: the study, its split (test frozen) and the curation summary to report.</summary>
public sealed record StudyRunInput
{
    public required Study Study { get; init; }
    public required string StudyHash { get; init; }
    public required DataSplit Split { get; init; }
    public required FrozenTestSet Frozen { get; init; }
    public CurationReport? Curation { get; init; }

    /// <summary>Ids of the train and dev examples curation keeps (no duplicates, conflicts, leaks); null when curation did not run.</summary>
    public IReadOnlySet<string>? CleanIds { get; init; }
}
