using Tunewise.Studies;

namespace Tunewise.Arms;

/// <summary>
/// Turns a study's arm into the arms to evaluate: a prompt optimised on dev, a model fine-tuned on train. Preparation
/// never sees the test set's answers, and what it produced is stored, so a rerun does not prepare twice.
/// </summary>
public interface IArmPreparer
{
    /// <summary>Whether this preparer handles <paramref name="arm"/>.</summary>
    bool Prepares(ArmSpec arm);

    /// <summary>
    /// The arms to evaluate for <paramref name="arm"/>, each yielded when it is ready (so it is evaluated before the next is
    /// prepared); none when it cannot be prepared here, which the summary reports as not run.
    /// </summary>
    IAsyncEnumerable<PreparedArm> PrepareAsync(ArmPreparation preparation, ArmSpec arm, CancellationToken cancellationToken);
}
