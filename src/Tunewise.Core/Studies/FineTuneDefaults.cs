using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>
/// The fine-tuning defaults that a study arm's <c>finetune:</c>, <c>tunewise lab train</c> and <c>tunewise plan</c>
/// all start from, so a plan describes the training an arm or the lab command would run (docs/lab-fine-tuning.md,
/// "Defaults"). The learning rates suit the lab's small models, which tolerate (and need) more than large ones.
/// </summary>
public static class FineTuneDefaults
{
    public const int Rank = 16;

    public const double Dropout = 0.05;

    public const int Epochs = 3;

    public const int BatchSize = 8;

    /// <summary>Every linear projection of a Llama-family block, as a comma list (command-line defaults need a constant).</summary>
    public const string TargetList = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj";

    public const double AdapterLearningRate = 1e-3;

    public const double FullLearningRate = 1e-4;

    /// <summary>
    /// Without a dev split in the study, this share of the training examples (seeded by the split seed) is held out as
    /// the dev set for early stopping and is not trained on.
    /// </summary>
    public const double DevFraction = 0.1;

    /// <summary>
    /// At most this many examples are held out, and a larger dev split is sampled down to this many (seeded): enough
    /// for a steady dev loss, few enough to evaluate often.
    /// </summary>
    public const int MaxDevExamples = 200;

    /// <summary>Below this many training examples nothing is held out: a dev set of one or two examples says little.</summary>
    public const int MinExamplesForDev = 20;

    /// <summary>Dev evaluations per epoch, evenly spaced.</summary>
    public const int EvaluationsPerEpoch = 4;

    /// <summary>Evaluations in a row without a better dev loss before training stops (half an epoch by default).</summary>
    public const int EarlyStoppingPatience = 2;

    /// <summary>
    /// Training sets of at least this many examples are forecast first: below it a full training run is cheap enough to
    /// simply measure, above it a wrong guess about what more data buys starts to cost minutes to hours on a CPU.
    /// </summary>
    public const int ForecastAbove = 2000;

    /// <summary>
    /// The nested subsets a forecast trains on, as shares of the training set: together three eighths of the full run's
    /// data, few enough to be cheap, two sizes a factor of two apart so the power law's slope is measured.
    /// </summary>
    public static ImmutableArray<double> ForecastFractions { get; } = [0.125, 0.25];

    /// <summary>The time budget of each forecast subset's training, in minutes (or the arm's max_minutes scaled by the share, when smaller).</summary>
    public const double ForecastMaxMinutes = 5;

    /// <summary>How many of <paramref name="trainExamples"/> are held out as the dev set when the study has none.</summary>
    public static int DevExamplesFor(int trainExamples) => trainExamples < MinExamplesForDev
        ? 0
        : Math.Min(MaxDevExamples, Math.Max(1, (int)Math.Round(trainExamples * DevFraction, MidpointRounding.AwayFromZero)));

    public static ImmutableArray<string> TargetModules { get; } = [.. TargetList.Split(',')];

    /// <summary>LoRA's scaling numerator: twice the rank.</summary>
    public static double AlphaFor(int rank) => 2.0 * rank;

    /// <summary>Peak learning rate: full fine-tuning moves every weight, so it takes a tenth of the adapters' rate.</summary>
    public static double LearningRateFor(FineTuneMethod method) =>
        method == FineTuneMethod.Full ? FullLearningRate : AdapterLearningRate;
}
