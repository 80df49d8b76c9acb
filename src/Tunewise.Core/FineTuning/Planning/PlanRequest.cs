namespace Tunewise.FineTuning.Planning;

/// <summary>What to plan: the method and the training settings that drive memory, FLOPs and time.</summary>
public sealed record PlanRequest
{
    public FineTuningMethod Method { get; init; } = FineTuningMethod.Lora;
    public int SequenceLength { get; init; } = 2048;

    /// <summary>Sequences per GPU per step; activations scale with it.</summary>
    public int MicroBatchSize { get; init; } = 8;

    public int LoraRank { get; init; } = 16;
    public LoraTarget LoraTargets { get; init; } = LoraTarget.QueryValue;
    public long Examples { get; init; } = 1000;
    public double Epochs { get; init; } = 3;
    public bool GradientCheckpointing { get; init; }
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.MixedBf16;

    /// <summary>
    /// Flash attention (or PyTorch SDPA's memory-efficient kernel) never stores the s×s attention
    /// matrix. Off, the softmax probabilities are kept for the backward pass.
    /// </summary>
    public bool FlashAttention { get; init; } = true;

    /// <summary>QLoRA double quantization: 8-bit block constants (Dettmers et al. 2023, §3).</summary>
    public bool DoubleQuantization { get; init; } = true;

    /// <summary>Bytes per adapter weight in the saved file (fp16/bf16 = 2).</summary>
    public int AdapterFileBytesPerParameter { get; init; } = 2;

    /// <summary>
    /// The settings of the CPU lab engine: fp32 weights, gradients, Adam state and activations, and
    /// attention that materializes the softmax, so the planner can be checked against the lab's
    /// measured peak memory.
    /// </summary>
    public static PlanRequest LabCpu(FineTuningMethod method, int sequenceLength, int microBatchSize, int loraRank, LoraTarget targets) => new()
    {
        Method = method,
        SequenceLength = sequenceLength,
        MicroBatchSize = microBatchSize,
        LoraRank = loraRank,
        LoraTargets = targets,
        Precision = TrainingPrecision.Fp32,
        FlashAttention = false,
        AdapterFileBytesPerParameter = 4,
    };

    public void Validate()
    {
        Require(SequenceLength > 0, "sequence length must be positive");
        Require(MicroBatchSize > 0, "batch size must be positive");
        Require(Examples >= 0, "examples must not be negative");
        Require(Epochs > 0, "epochs must be positive");
        if (Method != FineTuningMethod.Full)
        {
            Require(LoraRank > 0, "LoRA rank must be positive");
            Require(LoraTargets != LoraTarget.None, "LoRA needs at least one target matrix");
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
