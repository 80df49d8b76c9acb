using Microsoft.Extensions.AI;
using Tunewise.Arms;
using Tunewise.Data.Splits;
using Tunewise.Evaluation.Scoring;
using Tunewise.Progress;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Robustness;

/// <summary>
/// The robustness stage: when the study has a <c>robustness:</c> section, perturbs every prompting arm within its call
/// budget and stores the report as a run artefact. A stored report is not recomputed on resume.
/// </summary>
public sealed class RobustnessStage(RunStore store, Func<ModelSpec, IChatClient> clients, ScorerRegistry scorers, IProgressReporter? progress = null)
{
    public async Task RunAsync(ArmPreparation preparation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        var study = preparation.Study;
        if (!study.Robustness.IsPresent)
            return;
        var options = RobustnessOptions.FromStudy(study);
        var primary = StudyScorers.PrimaryMetric(scorers, study, preparation.Labels);
        var pool = preparation.Split.Train.Concat(preparation.Split.Dev).ToList();
        foreach (var arm in study.Arms.Where(a => a.Kind == ArmKind.Prompting))
        {
            var artifact = RobustnessReport.Artifact.For(arm.Name);
            if (await store.LoadAsync(preparation.RunId, artifact, cancellationToken).ConfigureAwait(false) is not null)
                continue;
            var demonstrations = pool.Take(arm.Prompt.FewShot).ToList();
            preparation.Guard.EnsureNotTest(demonstrations, TestSetGuard.FewShotPurpose(arm.Name));
            var scorer = scorers.Create(primary, StudyScorers.Options(preparation.Labels));
            var evaluator = new ModelVariantEvaluator(clients(study.ModelOf(arm)), scorer, study, arm);
            var report = await RobustnessCheck.RunAsync(RobustnessPrompt.For(arm, study.Task, demonstrations), preparation.Split.Test, evaluator, options,
                progress ?? NullProgressReporter.Instance, cancellationToken).ConfigureAwait(false);
            await store.SaveAsync(preparation.RunId, artifact, report, cancellationToken).ConfigureAwait(false);
        }
    }
}
