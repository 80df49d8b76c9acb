namespace Tunewise.Lab.Training;

/// <param name="LossCurve">Mean training loss of each optimizer step, from the first step of the run (resumed runs included).</param>
/// <param name="DevLosses">Token-weighted dev loss after each completed epoch; empty without a dev set.</param>
/// <param name="StoppedEarly">True when the dev loss stopped improving for the configured patience.</param>
/// <param name="ResumedFromStep">The step the run continued from, or 0 for a fresh run.</param>
public sealed record TrainingResult(
    IReadOnlyList<float> LossCurve,
    IReadOnlyList<float> DevLosses,
    int Steps,
    bool StoppedEarly,
    int ResumedFromStep,
    long TrainableParameters,
    long TrainedTokens);
