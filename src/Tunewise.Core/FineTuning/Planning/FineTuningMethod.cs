namespace Tunewise.FineTuning.Planning;

public enum FineTuningMethod
{
    /// <summary>Every weight is trained.</summary>
    Full,

    /// <summary>Frozen 16-bit (or fp32) base with low-rank adapters (Hu et al. 2021).</summary>
    Lora,

    /// <summary>Frozen 4-bit NF4 base with low-rank adapters (Dettmers et al. 2023).</summary>
    QLora,
}
