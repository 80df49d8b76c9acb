namespace Tunewise.Lab.Training;

/// <summary>Why a training run ended.</summary>
public enum TrainingStopReason
{
    /// <summary>Every planned step of every epoch ran.</summary>
    Completed,

    /// <summary>The dev loss stopped improving for the configured patience.</summary>
    EarlyStopping,

    /// <summary>The step budget (<see cref="TrainerOptions.MaxSteps"/>) ended training before the planned epochs did.</summary>
    StepBudget,

    /// <summary>The time budget (<see cref="TrainerOptions.MaxDuration"/>) ended training before the planned epochs did.</summary>
    TimeBudget,
}
