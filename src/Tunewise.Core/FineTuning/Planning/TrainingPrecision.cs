namespace Tunewise.FineTuning.Planning;

/// <summary>
/// Bytes per parameter and per activation for a training precision. Trainable parameters cost
/// <see cref="TrainableWeightBytes"/> + <see cref="GradientBytes"/> + <see cref="OptimizerBytes"/>
/// with Adam; frozen ones cost <see cref="FrozenWeightBytes"/>.
/// </summary>
public sealed record TrainingPrecision(
    string Name,
    int TrainableWeightBytes,
    int GradientBytes,
    int OptimizerBytes,
    int FrozenWeightBytes,
    int ActivationBytes)
{
    /// <summary>
    /// Mixed precision with Adam, as in the ZeRO paper (Rajbhandari et al. 2020, §3.1): 2-byte
    /// weights and gradients, plus a 12-byte fp32 master copy, momentum and variance = 16 bytes
    /// per trainable parameter. Frozen weights and activations in bf16.
    /// </summary>
    public static TrainingPrecision MixedBf16 { get; } = new("bf16", 2, 2, 12, 2, 2);

    /// <summary>
    /// Plain fp32 as the CPU lab engine trains: 4-byte weights and gradients, 8 bytes of Adam
    /// state (momentum and variance), no master copy; fp32 activations.
    /// </summary>
    public static TrainingPrecision Fp32 { get; } = new("fp32", 4, 4, 8, 4, 4);

    public int BytesPerTrainableParameter => TrainableWeightBytes + GradientBytes + OptimizerBytes;

    public static TrainingPrecision Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bf16" or "mixed" or "mixed-bf16" or "fp16" => MixedBf16,
        "fp32" => Fp32,
        _ => throw new UserInputException($"Unknown precision '{name}'. Expected bf16 (mixed precision) or fp32."),
    };
}
