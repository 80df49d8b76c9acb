namespace Tunewise.Lab.Training;

/// <param name="LossCurve">Mean training loss of each optimizer step, from the first step of the run (resumed runs included).</param>
/// <param name="DevLosses">Token-weighted dev loss at each evaluation; empty without a dev set.</param>
/// <param name="Steps">Optimizer steps done.</param>
/// <param name="ResumedFromStep">The step the run continued from, or 0 for a fresh run.</param>
/// <param name="PlannedSteps">The steps the epochs would take without any budget or early stopping.</param>
/// <param name="StopReason">Why training ended: completed, early stopping, or a step or time budget.</param>
/// <param name="DevLossSteps">The step after which each of <paramref name="DevLosses"/> was measured.</param>
/// <param name="BestStep">The step whose weights the model holds at the end: the lowest dev loss, or null without a dev set (the last step's weights).</param>
/// <param name="TrainingSeconds">Wall time of training and dev evaluation, summed over resumed runs.</param>
public sealed record TrainingResult(
    IReadOnlyList<float> LossCurve,
    IReadOnlyList<float> DevLosses,
    int Steps,
    int ResumedFromStep,
    long TrainableParameters,
    long TrainedTokens,
    int PlannedSteps = 0,
    TrainingStopReason StopReason = TrainingStopReason.Completed,
    IReadOnlyList<int>? DevLossSteps = null,
    int? BestStep = null,
    double TrainingSeconds = 0)
{
    /// <summary>True when the dev loss stopped improving for the configured patience.</summary>
    public bool StoppedEarly => StopReason == TrainingStopReason.EarlyStopping;
}
