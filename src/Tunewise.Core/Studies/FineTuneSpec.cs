using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>
/// How a fine-tuning arm trains its model. LoRA fields (<see cref="Rank"/>, <see cref="Alpha"/>,
/// <see cref="Dropout"/>, <see cref="Targets"/>) are ignored by full fine-tuning.
/// </summary>
public sealed record FineTuneSpec
{
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Lora;
    public int Rank { get; init; } = FineTuneDefaults.Rank;

    /// <summary>LoRA scaling numerator; defaults to twice the rank.</summary>
    public double Alpha { get; init; } = FineTuneDefaults.AlphaFor(FineTuneDefaults.Rank);

    public double Dropout { get; init; } = FineTuneDefaults.Dropout;

    /// <summary>Module names to adapt; empty means <see cref="FineTuneDefaults.TargetModules"/> (those the architecture has).</summary>
    public ImmutableArray<string> Targets { get; init; } = [];

    public int Epochs { get; init; } = FineTuneDefaults.Epochs;

    /// <summary>Null means <see cref="FineTuneDefaults.LearningRateFor"/> of <see cref="Method"/>.</summary>
    public double? LearningRate { get; init; }

    /// <summary>This arm's own training data (absolute path), with the task's input and expected fields; null means the study's train split.</summary>
    public string? Train { get; init; }

    /// <summary>A JSONL of general-capability items (input, expected) to measure forgetting on; null means the backend's or the shipped suite.</summary>
    public string? ForgettingSuite { get; init; }

    /// <summary>Train on the curated (deduplicated, conflict-free) set rather than the raw one.</summary>
    public bool Clean { get; init; } = true;

    /// <summary>Name of a study model whose outputs become the training targets (distillation).</summary>
    public string? Teacher { get; init; }

    /// <summary>Fraction of general-capability data mixed into training against forgetting (0 = none).</summary>
    public double Replay { get; init; }

    /// <summary>Fractions of the training set (up to 1) or training-set sizes (whole numbers above 1) to train on as well, to draw a learning curve (empty = none).</summary>
    public ImmutableArray<double> LearningCurve { get; init; } = [];

    /// <summary>The share (up to 1) or number (above 1) of training examples this training uses: a learning-curve point trains on a nested subset; 1 = all.</summary>
    public double TrainFraction { get; init; } = 1;

    /// <summary>A step budget: training stops after this many optimizer steps, if the epochs would take more (null = none).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>A time budget in minutes: no training step starts after it (null = none).</summary>
    public double? MaxMinutes { get; init; }

    /// <summary>
    /// From this many training examples on, the arm first trains on nested subsets (<see cref="FineTuneDefaults.ForecastFractions"/>),
    /// scores them on dev and predicts the full training set's score before paying for it; 0 = never.
    /// </summary>
    public int ForecastAbove { get; init; } = FineTuneDefaults.ForecastAbove;

    /// <summary>An external trainer run as a command (<c>backend: command</c>); null trains on the built-in backends.</summary>
    public CommandTrainerSpec? Command { get; init; }

    public static ImmutableArray<double> DefaultLearningCurve { get; } = [0.25, 0.5, 1.0];
}
