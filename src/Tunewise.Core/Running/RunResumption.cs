using Tunewise.Evaluation.Running;
using Tunewise.Storage;
using Tunewise.Data.Preparation;

namespace Tunewise.Running;

/// <summary>Which stored run a study continues: the one with the same study file and frozen test set, else a new one.</summary>
public static class RunResumption
{
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
            await store.SaveArtifactAsync(run.Id, RunArtifacts.Curation, input.Curation.ToJson(), cancellationToken).ConfigureAwait(false);
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
