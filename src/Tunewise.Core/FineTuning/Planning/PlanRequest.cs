using Tunewise.Studies;

namespace Tunewise.FineTuning.Planning;

/// <summary>
/// What to plan: the method and the training settings that drive memory, FLOPs and time. The LoRA settings and the
/// epochs start from <see cref="FineTuneDefaults"/>, so a plan left at its defaults is the training a study arm runs.
/// </summary>
public sealed record PlanRequest
{
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Lora;
    public int SequenceLength { get; init; } = 2048;

    /// <summary>Sequences per GPU per step; activations scale with it.</summary>
    public int MicroBatchSize { get; init; } = 8;

    public int LoraRank { get; init; } = FineTuneDefaults.Rank;
    public LoraTarget LoraTargets { get; init; } = FineTuning.Planning.LoraTargets.Parse(FineTuneDefaults.TargetList);
    public long Examples { get; init; } = 1000;
    public double Epochs { get; init; } = FineTuneDefaults.Epochs;
    public bool GradientCheckpointing { get; init; }
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.MixedBf16;

    /// <summary>
    /// Flash attention (or PyTorch SDPA's memory-efficient kernel) never stores the s×s attention
    /// matrix. Off, the softmax probabilities are kept for the backward pass.
    /// </summary>
    public bool FlashAttention { get; init; } = true;

    /// <summary>
    /// LoRA dropout probability. Above 0, each adapted matrix keeps its dropped input for the
    /// backward pass, plus a one-byte mask per input element.
    /// </summary>
    public double LoraDropout { get; init; } = FineTuneDefaults.Dropout;

    /// <summary>
    /// Bytes per element of a dropout mask: 1 for the fused GPU kernel's boolean mask; on the CPU,
    /// ATen draws the mask as a noise tensor of the input's type (4 bytes in fp32).
    /// </summary>
    public int DropoutMaskBytes { get; init; } = 1;

    /// <summary>Which forward tensors live until the backward pass: those autograd saves, or all of them.</summary>
    public ActivationRetention Retention { get; init; } = ActivationRetention.SavedForBackward;

    /// <summary>
    /// QLoRA that dequantizes each 4-bit weight into an ordinary tensor for a plain matmul, so autograd
    /// keeps that full-precision copy until the backward pass (the lab's NF4 layer). bitsandbytes keeps
    /// only the 4-bit weight and dequantizes again in the backward pass.
    /// </summary>
    public bool KeepsDequantizedWeights { get; init; }

    /// <summary>QLoRA double quantization: 8-bit block constants (Dettmers et al. 2023, §3).</summary>
    public bool DoubleQuantization { get; init; } = true;

    /// <summary>Bytes per adapter weight in the saved file (fp16/bf16 = 2).</summary>
    public int AdapterFileBytesPerParameter { get; init; } = 2;

    /// <summary>
    /// The settings of the CPU lab engine, so the planner can be checked against its measured peak
    /// memory: fp32 weights, gradients, AdamW state, activations and dropout masks; every forward tensor kept until
    /// the step ends (<see cref="ActivationRetention.EveryForwardTensor"/>); libtorch's CPU
    /// flash-attention kernel, which stores no s×s matrix; and QLoRA's dequantized weights kept for
    /// the backward pass.
    /// </summary>
    public static PlanRequest LabCpu(FineTuneMethod method, int sequenceLength, int microBatchSize, int loraRank, LoraTarget targets, double loraDropout = 0) => new()
    {
        Method = method,
        SequenceLength = sequenceLength,
        MicroBatchSize = microBatchSize,
        LoraRank = loraRank,
        LoraTargets = targets,
        LoraDropout = loraDropout,
        DropoutMaskBytes = 4,
        Precision = TrainingPrecision.Fp32,
        FlashAttention = true,
        Retention = ActivationRetention.EveryForwardTensor,
        KeepsDequantizedWeights = true,
        AdapterFileBytesPerParameter = 4,
    };

    public void Validate()
    {
        Require(SequenceLength > 0, "sequence length must be positive");
        Require(MicroBatchSize > 0, "batch size must be positive");
        Require(Examples >= 0, "examples must not be negative");
        Require(Epochs > 0, "epochs must be positive");
        Require(!(GradientCheckpointing && Retention == ActivationRetention.EveryForwardTensor), "gradient checkpointing needs forward tensors to be freed, so it cannot keep every one");
        if (Method != FineTuneMethod.Full)
        {
            Require(LoraRank > 0, "LoRA rank must be positive");
            Require(LoraTargets != LoraTarget.None, "LoRA needs at least one target matrix");
            Require(LoraDropout is >= 0 and < 1, "LoRA dropout must be in [0, 1)");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UserInputException($"Invalid plan request: {message}.");
        }
    }
}
