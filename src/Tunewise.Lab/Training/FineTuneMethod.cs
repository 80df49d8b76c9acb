namespace Tunewise.Lab.Training;

public enum FineTuneMethod
{
    /// <summary>Every weight trains.</summary>
    Full,

    /// <summary>Low-rank adapters on a frozen fp32 base.</summary>
    Lora,

    /// <summary>Low-rank adapters on a frozen base held in 4-bit NF4.</summary>
    Qlora,
}
