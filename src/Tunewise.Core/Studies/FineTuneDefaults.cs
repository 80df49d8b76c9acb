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

    public static ImmutableArray<string> TargetModules { get; } = [.. TargetList.Split(',')];

    /// <summary>LoRA's scaling numerator: twice the rank.</summary>
    public static double AlphaFor(int rank) => 2.0 * rank;

    /// <summary>Peak learning rate: full fine-tuning moves every weight, so it takes a tenth of the adapters' rate.</summary>
    public static double LearningRateFor(FineTuneMethod method) =>
        method == FineTuneMethod.Full ? FullLearningRate : AdapterLearningRate;
}
