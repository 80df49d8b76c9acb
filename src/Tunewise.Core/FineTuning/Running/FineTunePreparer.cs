using System.Runtime.CompilerServices;
using Tunewise.Arms;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// Prepares a fine-tuning arm: its model trained on the full training share, then one model per learning-curve point
/// (nested subsets, evaluated as <c>ARM@0.25</c>). Without a backend that can train the base model it yields nothing.
/// </summary>
public sealed class FineTunePreparer(FineTuneStage stage) : IArmPreparer
{
    public bool Prepares(ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Kind == ArmKind.FineTuning;
    }

    public async IAsyncEnumerable<PreparedArm> PrepareAsync(ArmPreparation preparation, ArmSpec arm, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preparation);
        ArgumentNullException.ThrowIfNull(arm);
        if (await TrainAsync(preparation, arm, cancellationToken).ConfigureAwait(false) is not { } tuned)
            yield break;
        yield return new PreparedArm(arm, tuned);
        foreach (var fraction in arm.FineTune!.LearningCurve.Where(f => f != 1))
        {
            var point = FineTuneStage.LearningCurveArm(arm, fraction);
            if (await TrainAsync(preparation, point, cancellationToken).ConfigureAwait(false) is { } model)
                yield return new PreparedArm(point, model);
        }
    }

    private Task<ModelSpec?> TrainAsync(ArmPreparation p, ArmSpec arm, CancellationToken cancellationToken) =>
        stage.PrepareAsync(p.RunId, p.Study, arm, p.Split, p.Guard, p.Labels, cancellationToken, p.CleanIds);
}
