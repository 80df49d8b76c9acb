using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Tunewise.Arms;
using Tunewise.Evaluation.Scoring;
using Tunewise.Progress;
using Tunewise.Serialization;
using Tunewise.Storage;
using Tunewise.Studies;

namespace Tunewise.Prompting.Optimization;

/// <summary>
/// Prepares a prompting arm with <c>optimize:</c>: its template and demonstrations searched on dev once, stored as a run
/// artefact and reused on resume, then fixed, so the test set is asked once with the chosen prompt. The search maximises
/// the study's primary metric (the requirement's, else the first).
/// </summary>
public sealed class PromptOptimizationPreparer(RunStore store, Func<ModelSpec, IChatClient> clients, ScorerRegistry scorers, int concurrency,
    IProgressReporter? progress = null) : IArmPreparer
{
    /// <summary>The search's result as stored in the run store and shown in report.json: snake_case.</summary>
    internal static JsonSerializerOptions ArtifactJson { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = CoreJsonContext.Default };

    /// <summary>An optimized arm's search, as the run store holds it.</summary>
    public static RunArtifact<OptimizationResult> Artifact { get; } = new(RunArtifacts.Optimization, TypedJson.Info<OptimizationResult>(ArtifactJson));

    public bool Prepares(ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Prompt.Optimize is not null && arm.Kind == ArmKind.Prompting;
    }

    public async IAsyncEnumerable<PreparedArm> PrepareAsync(ArmPreparation preparation, ArmSpec arm, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        ArgumentNullException.ThrowIfNull(arm);
        var result = await SearchAsync(preparation, arm, cancellationToken).ConfigureAwait(false);
        var fixedArm = arm with
        {
            Prompt = arm.Prompt with { Template = result.Template ?? arm.Prompt.Template, Demonstrations = [.. result.Demonstrations], FewShot = result.Demonstrations.Count, Optimize = null },
        };
        yield return new PreparedArm(fixedArm, preparation.Study.ModelOf(arm));
    }

    private async Task<OptimizationResult> SearchAsync(ArmPreparation p, ArmSpec arm, CancellationToken cancellationToken)
    {
        var artifact = Artifact.For(arm.Name);
        if (await store.LoadAsync(p.RunId, artifact, cancellationToken).ConfigureAwait(false) is { } stored)
            return stored;
        var scorer = scorers.Create(StudyScorers.PrimaryMetric(scorers, p.Study, p.Labels), StudyScorers.Options(p.Labels));
        var optimizer = new PromptOptimizer(clients(p.Study.ModelOf(arm)), scorer, concurrency);
        using var task = (progress ?? NullProgressReporter.Instance).Start($"{arm.Name}: optimizing on dev", 1);
        var result = await optimizer.OptimizeAsync(p.Study, arm, p.Split.Train, p.Split.Dev, p.Guard, p.Labels, ResponseSchemas.Of(p.Study, arm), cancellationToken)
            .ConfigureAwait(false);
        task.Increment();
        await store.SaveAsync(p.RunId, artifact, result, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
