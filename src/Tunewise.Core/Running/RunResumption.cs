using Tunewise.Data.Curation;
using Tunewise.Storage;
using Tunewise.Data.Preparation;

namespace Tunewise.Running;

/// <summary>Which stored run a study continues: the one with the same study file and frozen test set, else a new one.</summary>
public static class RunResumption
{
    /// <summary>The curation report of the run's data, as the run store holds it.</summary>
    public static RunArtifact<CurationReport> CurationArtifact { get; } = new(RunArtifacts.Curation, CurationReport.JsonInfo);

    /// <summary>Finds the run to resume or starts one; a new run stores the frozen test set, and every run the curation report.</summary>
    public static async Task<RunRecord> OpenAsync(RunStore store, StudyRunInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(input);
        var run = await FindAsync(store, input, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            run = await store.StartRunAsync(input.Study.Name, input.StudyHash, input.Study.Source.File, cancellationToken).ConfigureAwait(false);
            await store.SaveFrozenTestSetAsync(run.Id, input.Frozen, cancellationToken).ConfigureAwait(false);
        }
        if (input.Curation is not null)
            await store.SaveAsync(run.Id, CurationArtifact, input.Curation, cancellationToken).ConfigureAwait(false);
        return run;
    }

    private static async Task<RunRecord?> FindAsync(RunStore store, StudyRunInput input, CancellationToken cancellationToken)
    {
        foreach (var run in await store.ListRunsAsync(input.Study.Name, cancellationToken).ConfigureAwait(false))
        {
            if (run.StudyFileHash != input.StudyHash)
                continue;
            var frozen = await store.GetFrozenTestSetAsync(run.Id, cancellationToken).ConfigureAwait(false);
            if (frozen?.Hash == input.Frozen.Hash)
                return run;
        }
        return null;
    }
}
